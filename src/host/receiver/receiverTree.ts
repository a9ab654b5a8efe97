import * as vscode from 'vscode';
import { ContextValues } from '../constants';
import { Disposable } from '../lifecycle';
import { receiptTreeItem } from './receiptPresentation';
import type { ReceiverState } from './receiverService';
import type { ReceiptNode, ReceiverTreeModel } from './receiverTreeModel';

export type ReceiverNode = { kind: 'state'; id: string; item: vscode.TreeItem } | ReceiptNode;

/** The Local Receiver view: the receiver's state, then the webhooks it took, newest first. */
export class ReceiverTreeProvider extends Disposable implements vscode.TreeDataProvider<ReceiverNode> {
  private readonly changed = this._register(new vscode.EventEmitter<ReceiverNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  // A receipt never changes once stored: its row is made once, however often the list refreshes.
  private readonly items = new WeakMap<ReceiptNode, vscode.TreeItem>();

  constructor(private readonly model: ReceiverTreeModel) {
    super();
    this._register(model.onDidChange(() => this.changed.fire(undefined)));
  }

  getChildren(element?: ReceiverNode): ReceiverNode[] {
    if (element) return [];
    const { state, receipts } = this.model;
    if (!state.running && receipts.length === 0) return []; // The welcome view explains and offers Start.
    return [...stateNodes(state), ...receipts];
  }

  getTreeItem(node: ReceiverNode): vscode.TreeItem {
    if (node.kind === 'state') return node.item;
    let item = this.items.get(node);
    if (!item) {
      item = receiptTreeItem(node.receipt, `receipt.${node.receipt.id}`);
      this.items.set(node, item);
    }
    return item;
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
