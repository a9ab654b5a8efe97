import * as vscode from 'vscode';
import type { ReceiptRecord } from '../../core/receiver/receiptRecord';
import { CommandIds, ContextValues } from '../constants';
import { Disposable } from '../lifecycle';
import { receiptIcon, receiptSummary } from './receiptPresentation';
import { receiptUri } from './receiptDocuments';
import type { ReceiverService, ReceiverState } from './receiverService';
import { markdownCode, markdownText } from '../views/markdownText';

const SHOWN_RECEIPTS = 100;

export type ReceiverNode =
  { kind: 'state'; id: string; item: vscode.TreeItem } | { kind: 'receipt'; receipt: ReceiptRecord };

/** The Local Receiver view: the receiver's state, then the webhooks it took, newest first. */
export class ReceiverTreeProvider extends Disposable implements vscode.TreeDataProvider<ReceiverNode> {
  private readonly changed = this._register(new vscode.EventEmitter<ReceiverNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly receiver: ReceiverService) {
    super();
    this._register(receiver.onDidChangeState(() => this.changed.fire(undefined)));
    this._register(receiver.onDidReceive(() => this.changed.fire(undefined)));
  }

  /** Fires a refresh, e.g. after the log was cleared. */
  refresh(): void {
    this.changed.fire(undefined);
  }

  getChildren(element?: ReceiverNode): ReceiverNode[] {
    if (element) return [];
    const receipts = this.receiver.receipts.query({ limit: SHOWN_RECEIPTS }).records;
    const state = this.receiver.state;
    if (!state.running && receipts.length === 0) return []; // The welcome view explains and offers Start.
    return [...stateNodes(state), ...receipts.map((receipt) => ({ kind: 'receipt' as const, receipt }))];
  }

  getTreeItem(node: ReceiverNode): vscode.TreeItem {
    return node.kind === 'state' ? node.item : receiptItem(node.receipt);
  }
}

function stateItem(
  id: string,
  label: string,
  description: string,
  icon: string,
  contextValue?: string,
): ReceiverNode {
  const item = new vscode.TreeItem(label);
  item.id = `receiver.state.${id}`;
  item.description = description;
  item.iconPath = new vscode.ThemeIcon(icon);
  item.contextValue = contextValue;
  return { kind: 'state', id, item };
}

function stateNodes(state: ReceiverState): ReceiverNode[] {
  const nodes = [
    state.running
      ? stateItem('listening', 'Listening', state.url ?? '', 'radio-tower', ContextValues.receiverRunning)
      : stateItem(
          'stopped',
          'Stopped',
          state.error ?? 'Start it to receive webhooks',
          'circle-slash',
          ContextValues.receiverStopped,
        ),
    stateItem(
      'signature',
      `Signature: ${state.scheme}`,
      state.hasSecret ? 'secret set: webhooks are verified' : 'no secret: webhooks accepted unverified',
      state.hasSecret ? 'lock' : 'unlock',
    ),
    state.forwardTo
      ? stateItem('forward', 'Forwarding', state.forwardTo, 'arrow-right', ContextValues.receiverForwarding)
      : stateItem(
          'forward',
          'Not forwarding',
          'set makini.receiver.forwardTo to relay to your app',
          'debug-disconnect',
        ),
  ];
  const { respondStatus, failFirst, delayMs } = state.simulation;
  const simulated = [
    respondStatus !== undefined ? `always ${respondStatus}` : '',
    failFirst ? `first ${failFirst} attempts fail` : '',
    delayMs ? `answers after ${delayMs} ms` : '',
  ].filter(Boolean);
  if (simulated.length > 0) nodes.push(stateItem('simulation', 'Simulating', simulated.join(', '), 'beaker'));
  return nodes;
}

function receiptItem(r: ReceiptRecord): vscode.TreeItem {
  // A rejected webhook is never parsed; the event header still says what it claimed to be.
  const item = new vscode.TreeItem(r.eventType ?? r.headers['x-makini-event'] ?? `${r.method} ${r.path}`);
  item.id = `receipt.${r.id}`;
  item.description = receiptSummary(r);
  item.iconPath = receiptIcon(r);
  item.contextValue = ContextValues.receipt;
  // No theme icons: `$(name)` in a payload's strings must stay text.
  const tooltip = new vscode.MarkdownString();
  tooltip.appendMarkdown(
    `**${markdownText(r.eventType ?? 'not a webhook')}** at ${markdownText(r.time)}\n\n`,
  );
  if (r.eventId)
    tooltip.appendMarkdown(
      `Event ${markdownCode(r.eventId)}${r.connectionId ? ` for ${markdownCode(r.connectionId)}` : ''}\n\n`,
    );
  if (r.message) tooltip.appendText(`${r.message}\n\n`);
  for (const problem of r.schemaErrors.slice(0, 5)) tooltip.appendText(`• ${problem}\n`);
  if (r.forward)
    tooltip.appendMarkdown(
      `\n\nForwarded: ${markdownText(String(r.forward.status ?? r.forward.error ?? '?'))} in ${r.forward.ms} ms`,
    );
  item.tooltip = tooltip;
  item.command = { command: CommandIds.openReceipt, title: 'Open Receipt', arguments: [receiptUri(r.id)] };
  return item;
}
