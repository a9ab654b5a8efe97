import * as vscode from 'vscode';
import type { ReceiptRecord } from '../../core/receiver/receiptRecord';
import type { ReceiptOutcome } from '../../core/receiver/receiptVerdict';

/** How each verdict reads in a tree row; the verdict itself is the receiver's, decided once. */
const OUTCOME_TEXT: Record<ReceiptOutcome, (r: ReceiptRecord) => string> = {
  verified: () => '✓ verified',
  accepted_unverified: () => 'unverified',
  duplicate: (r) => (r.verified ? '✓ verified · duplicate' : 'unverified · duplicate'),
  rejected: (r) => `✗ ${r.verdict.reason ?? 'refused'}`,
  simulated_failure: () => 'simulated failure',
  forwarded: (r) =>
    `${r.verified ? '✓ verified' : 'unverified'} · app ${r.verdict.forwardStatus ?? r.forward?.error ?? 'no answer'}`,
  aborted: () => '✗ client went away',
};

/** The verdict, schema problems and the status, for a receipt's row. */
export function receiptSummary(r: ReceiptRecord): string {
  const parts = [OUTCOME_TEXT[r.verdict.outcome](r)];
  if (r.schemaErrors.length > 0) parts.push(`${r.schemaErrors.length} schema problem(s)`);
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
