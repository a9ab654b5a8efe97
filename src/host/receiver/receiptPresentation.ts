import * as vscode from 'vscode';
import { type DuplicateKey, EVENT_HEADER } from '../../core/contract/makiniContract';
import type { ReceivedEnvelope } from '../../core/events/envelope';
import type { ReceiptRecord } from '../../core/receiver/receiptRecord';
import { recordsNamedBy } from '../../core/api/webhookRecords';
import type { ReceiptOutcome } from '../../core/receiver/receiptVerdict';
import { CommandIds, ContextValues } from '../constants';
import { markdownCode, markdownText } from '../views/markdownText';
import { receiptReasonText } from '../views/reasonText';
import { localTime } from '../views/timeText';
import { receiptUri } from './receiptDocuments';
import { signedAsText } from './signatureText';

/** How a receipt reads and looks in a tree row, in the Local Receiver and Connections views alike. */

/** How each verdict reads in a tree row; the verdict itself is the receiver's, decided once. */
const OUTCOME_TEXT: Record<ReceiptOutcome, (r: ReceiptRecord) => string> = {
  verified: () => '✓ verified',
  accepted_unverified: () => 'unverified',
  duplicate: (r) => (r.verified ? 'verified · duplicate' : 'unverified · duplicate'),
  rejected: (r) => `✗ ${r.verdict.reason ? receiptReasonText(r.verdict.reason) : 'refused'}`,
  simulated_failure: () => '✗ simulated failure',
  // ✓ only when the app took it: a verified webhook that the app answered 401 is no success.
  forwarded: (r) =>
    r.verdict.actionable
      ? `✓ verified · app ${r.verdict.forwardStatus ?? 'no answer'}`
      : `${r.verified ? 'verified' : 'unverified'} · ✗ app ${r.verdict.forwardStatus ?? r.forward?.error ?? 'no answer'}`,
  aborted: () => '✗ client went away',
};

const ENVELOPE_TEXT: Record<ReceivedEnvelope, string> = {
  ids: 'Envelope: ids, {event, body: [ids]} (the documented one)',
  detailed: 'Envelope: detailed, {id, type, timestamp, connection_id, data}',
  unknown_envelope: 'Envelope: unknown_envelope, JSON of neither webhook shape (answered as configured)',
};

const DUPLICATE_KEY_TEXT: Record<DuplicateKey, string> = {
  event_id: 'Duplicates detected by: event_id',
  body_sha256: 'Duplicates detected by: body_sha256 (the body has no event id)',
};

/** The header a replay carries, naming the receipt it repeats. */
export const REPLAY_HEADER = 'x-makini-devtools-replay';

/** The verdict, schema problems and the status, for a receipt's row. */
export function receiptSummary(r: ReceiptRecord): string {
  const parts = [OUTCOME_TEXT[r.verdict.outcome](r)];
  if (r.headers[REPLAY_HEADER]) parts.push('replay');
  if (r.envelope === 'unknown_envelope') parts.push('unknown envelope');
  const problems = r.schemaErrors.length;
  if (problems > 0) parts.push(problems === 1 ? '1 schema problem' : `${problems} schema problems`);
  parts.push(String(r.status || 'no answer'));
  return parts.join(' · ');
}

const passed = (): vscode.ThemeIcon =>
  new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
const failed = (): vscode.ThemeIcon =>
  new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
const queued = (icon: string): vscode.ThemeIcon =>
  new vscode.ThemeIcon(icon, new vscode.ThemeColor('testing.iconQueued'));

/** ✓ only for a receipt taken and acted on; failures red, duplicates and schema problems amber. */
export function receiptIcon(r: ReceiptRecord): vscode.ThemeIcon {
  switch (r.verdict.outcome) {
    case 'rejected':
    case 'aborted':
    case 'simulated_failure':
      return failed();
    case 'duplicate':
      return queued('copy');
    case 'forwarded':
      if (!r.verdict.actionable) return failed();
      break;
    case 'accepted_unverified':
      return r.schemaErrors.length > 0 ? queued('warning') : new vscode.ThemeIcon('unverified');
    case 'verified':
      break;
  }
  return r.schemaErrors.length > 0 ? queued('warning') : passed();
}

/**
 * A receipt's row: what it claimed to be, its verdict, icon and tooltip; it opens the receipt.
 * `id` keeps rows of the same receipt in two places apart; `withTime` adds when it came.
 */
export function receiptTreeItem(r: ReceiptRecord, id: string, withTime = false): vscode.TreeItem {
  // A rejected webhook is never parsed; the event header still says what it claimed to be.
  const item = new vscode.TreeItem(r.eventType ?? r.headers[EVENT_HEADER] ?? `${r.method} ${r.path}`);
  item.id = id;
  item.description = withTime ? `${receiptSummary(r)} · ${localTime(r.time)}` : receiptSummary(r);
  item.iconPath = receiptIcon(r);
  item.contextValue = r.diagnosis
    ? ContextValues.receiptRefused
    : recordsNamedBy(r)
      ? ContextValues.receiptEntity
      : ContextValues.receipt;
  item.tooltip = receiptTooltip(r);
  item.command = { command: CommandIds.openReceipt, title: 'Open Receipt', arguments: [receiptUri(r.id)] };
  return item;
}

function receiptTooltip(r: ReceiptRecord): vscode.MarkdownString {
  // No theme icons: `$(name)` in a payload's strings must stay text.
  const tooltip = new vscode.MarkdownString();
  tooltip.appendMarkdown(
    `**${markdownText(r.eventType ?? 'not a webhook')}** at ${markdownText(r.time)}${r.headers[REPLAY_HEADER] ? `, a replay of ${markdownCode(r.headers[REPLAY_HEADER])}` : ''}\n\n`,
  );
  if (r.eventId)
    tooltip.appendMarkdown(
      `Event ${markdownCode(r.eventId)}${r.connectionId ? ` for ${markdownCode(r.connectionId)}` : ''}\n\n`,
    );
  else if (r.connectionId) tooltip.appendMarkdown(`For ${markdownCode(r.connectionId)}\n\n`);
  if (r.envelope !== undefined) tooltip.appendText(`${ENVELOPE_TEXT[r.envelope]}\n\n`);
  if (r.duplicateKey !== undefined) tooltip.appendText(`${DUPLICATE_KEY_TEXT[r.duplicateKey]}\n\n`);
  if (r.signedAs) tooltip.appendText(`✓ ${signedAsText(r.signedAs)}\n\n`);
  if (r.message) tooltip.appendText(`${r.message}\n\n`);
  if (r.diagnosis) tooltip.appendText(`Fix: ${r.diagnosis.fix} (Why was this refused? shows how)\n\n`);
  for (const problem of r.schemaErrors.slice(0, 5)) tooltip.appendText(`• ${problem}\n`);
  if (r.forward)
    tooltip.appendMarkdown(
      `\n\nForwarded: ${markdownText(String(r.forward.status ?? r.forward.error ?? '?'))} in ${r.forward.ms} ms`,
    );
  const answer = r.forward?.body?.replace(/\s+/g, ' ').trim();
  // The app's reason for a refusal, as `trigger` prints an endpoint's; Open shows all of it.
  if (answer && (r.forward?.status ?? 0) >= 300)
    tooltip.appendText(`\n\nThe app answered: ${answer.slice(0, 200)}${answer.length > 200 ? '…' : ''}`);
  return tooltip;
}
