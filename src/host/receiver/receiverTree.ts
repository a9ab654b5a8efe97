import * as vscode from 'vscode';
import { CommandIds, ContextValues } from '../constants';
import { Disposable } from '../lifecycle';
import { publicUrlNode } from './publicUrlPresentation';
import { receiptTreeItem } from './receiptPresentation';
import type { ReceiverState } from './receiverService';
import type { ReceiptNode, ReceiverTreeModel, StateNode } from './receiverTreeModel';

export type ReceiverNode = StateNode | ReceiptNode;

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
    const { state, receipts, publicUrl } = this.model;
    if (!state.running && receipts.length === 0) return []; // The welcome view explains and offers Start.
    const [first, ...rest] = stateNodes(state);
    const publicRow = publicUrl ? [publicUrlNode(publicUrl)] : [];
    return [...(first ? [first] : []), ...publicRow, ...rest, ...receipts];
  }

  getTreeItem(node: ReceiverNode): vscode.TreeItem {
    if (node.kind === 'state') return node.item;
    let item = this.items.get(node);
    if (!item) {
      item = receiptTreeItem(node.receipt, `receipt.${node.receipt.id}`, true);
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
): StateNode {
  const item = new vscode.TreeItem(label);
  item.id = `receiver.state.${id}`;
  item.description = description;
  item.iconPath = new vscode.ThemeIcon(icon);
  item.contextValue = contextValue;
  return { kind: 'state', id, item };
}
/** The scheme in effect, and the secrets it verifies with: two during a rotation, and until when. */
function signatureNode(state: ReceiverState): StateNode {
  const until = state.previousSecretsUntil;
  const description = until
    ? `${state.secretCount} secrets accepted: the new one, and the ${state.secretCount > 2 ? 'previous ones' : 'previous'} until ${new Date(until).toLocaleString()}`
    : state.hasSecret
      ? 'secret set: webhooks are verified'
      : 'no secret: webhooks accepted unverified';
  const node = stateItem(
    'signature',
    `Signature: ${state.scheme}`,
    description,
    state.hasSecret ? 'lock' : 'unlock',
  );
  if (until)
    node.item.tooltip = `Rotation: webhooks signed with the new secret or the previous one are verified until ${new Date(until).toISOString()} (makini.webhooks.rotationOverlapHours); after that only the new one.`;
  return node;
}

/** A setting the receiver could not apply; it offers a secret the chosen scheme can use. */
function notAppliedNode(reason: string): StateNode {
  const node = stateItem('notApplied', 'Settings not applied', reason, 'warning');
  node.item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('editorWarning.foreground'));
  node.item.tooltip = `${reason}\n\nClick to generate a signing secret in the chosen scheme's form.`;
  node.item.command = { command: CommandIds.generateWebhookSecret, title: 'Generate Webhook Signing Secret' };
  return node;
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
    signatureNode(state),
    ...(state.notApplied ? [notAppliedNode(state.notApplied)] : []),
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
    failFirst ? (failFirst === 1 ? 'the first attempt fails' : `the first ${failFirst} attempts fail`) : '',
    delayMs ? `answers after ${delayMs} ms` : '',
  ].filter(Boolean);
  if (simulated.length > 0) nodes.push(stateItem('simulation', 'Simulating', simulated.join(', '), 'beaker'));
  return nodes;
}
