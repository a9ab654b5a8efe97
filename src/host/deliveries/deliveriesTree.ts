import * as vscode from 'vscode';
import type { AttemptRecord, DeliveryRecord } from '../../core/sender/deliveryRecord';
import { CommandIds, ContextValues } from '../constants';
import { Disposable } from '../lifecycle';
import type { DeliveryService } from './deliveryService';
import { attemptNext, attemptResult, formatMs, isPendingAttempt, shortTarget, totalMs } from './deliveryText';
import type { EndpointChecks } from '../checks/endpointChecks';
import { type CheckNode, checkNodes, checkTreeItem } from '../checks/checkTreeItems';
import { markdownCode, markdownText } from '../views/markdownText';
import { localTime } from '../views/timeText';
import type { ViewFilter } from '../views/viewFilter';

export type DeliveryNode =
  | CheckNode
  | { readonly kind: 'delivery'; readonly id: string }
  | { readonly kind: 'attempt'; readonly deliveryId: string; readonly number: number };

const STATUS_ICONS: Record<DeliveryRecord['status'], vscode.ThemeIcon> = {
  delivering: new vscode.ThemeIcon('sync~spin'),
  delivered: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  cancelled: new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('testing.iconSkipped')),
};

/** The Webhook Deliveries view: deliveries newest first, each expanding to its attempts. */
export class DeliveriesTreeProvider extends Disposable implements vscode.TreeDataProvider<DeliveryNode> {
  private readonly changed = this._register(new vscode.EventEmitter<DeliveryNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  // One node object per delivery, so a change can be fired for just that node.
  private readonly nodes = new Map<string, DeliveryNode>();

  constructor(
    private readonly deliveries: DeliveryService,
    private readonly checks: EndpointChecks,
    private readonly filter: ViewFilter,
  ) {
    super();
    this._register(filter.onDidChange(() => this.changed.fire(undefined)));
    this._register(checks.onDidChange(() => this.changed.fire(undefined)));
    this._register(
      deliveries.onDidChange((record) => this.changed.fire(record ? this.nodeFor(record.id) : undefined)),
    );
  }

  getChildren(node?: DeliveryNode): DeliveryNode[] {
    if (!node) {
      const deliveries = this.deliveries.list(this.filter.value).map((r) => this.nodeFor(r.id));
      return this.checks.latest ? [{ kind: 'checks' }, ...deliveries] : deliveries;
    }
    if (node.kind === 'checks') return checkNodes(this.checks.latest);
    if (node.kind !== 'delivery') return [];
    const record = this.deliveries.get(node.id);
    return (record?.attempts ?? []).map((a) => ({ kind: 'attempt', deliveryId: node.id, number: a.number }));
  }

  getTreeItem(node: DeliveryNode): vscode.TreeItem {
    if (node.kind === 'checks' || node.kind === 'check') return checkTreeItem(node, this.checks.latest);
    const record = this.deliveries.get(node.kind === 'delivery' ? node.id : node.deliveryId);
    if (!record) return new vscode.TreeItem('(gone)');
    if (node.kind === 'delivery') return deliveryItem(record);
    const attempt = record.attempts.find((a) => a.number === node.number);
    return attempt ? attemptItem(attempt, isPendingAttempt(record, attempt)) : new vscode.TreeItem('(gone)');
  }

  private nodeFor(id: string): DeliveryNode {
    let node = this.nodes.get(id);
    if (!node) {
      node = { kind: 'delivery', id };
      this.nodes.set(id, node);
    }
    return node;
  }
}

/** `delivered · 3 attempts · 1.2 s` (the description of a delivery). */
export function deliverySummary(r: DeliveryRecord): string {
  const attempts = `${r.attempts.length} attempt${r.attempts.length === 1 ? '' : 's'}`;
  const duplicate = r.duplicate.of > 1 ? ` · copy ${r.duplicate.index}/${r.duplicate.of}` : '';
  return `${r.status} · ${attempts} · ${formatMs(totalMs(r))}${duplicate}`;
}

function deliveryItem(r: DeliveryRecord): vscode.TreeItem {
  const item = new vscode.TreeItem(r.eventType, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `delivery.${r.id}`;
  item.description = `${shortTarget(r.url)} · ${deliverySummary(r)}`;
  item.iconPath = STATUS_ICONS[r.status];
  item.contextValue = r.status === 'delivering' ? ContextValues.deliveryInProgress : ContextValues.delivery;
  const tooltip = new vscode.MarkdownString();
  tooltip.appendMarkdown(`**${markdownText(r.eventType)}** → ${markdownCode(r.url)}\n\n`);
  tooltip.appendMarkdown(
    `Event ${markdownCode(r.eventId)} · delivery ${markdownCode(r.id)} · scheme ${markdownText(r.scheme)}\n\n`,
  );
  tooltip.appendMarkdown(`${markdownText(deliverySummary(r))}`);
  item.tooltip = tooltip;
  item.command = { command: CommandIds.showDeliveryDetails, title: 'Show Details', arguments: [r.id] };
  return item;
}

function attemptItem(a: AttemptRecord, pending: boolean): vscode.TreeItem {
  const item = new vscode.TreeItem(`Attempt ${a.number}`);
  item.id = `delivery.${a.deliveryId}.attempt.${a.number}`;
  const next = attemptNext(a, pending);
  item.description = `${attemptResult(a)} · ${formatMs(a.durationMs)}${next ? ` · ${next}` : ''}`;
  item.iconPath =
    a.outcome === 'delivered'
      ? new vscode.ThemeIcon('check', new vscode.ThemeColor('testing.iconPassed'))
      : new vscode.ThemeIcon('close', new vscode.ThemeColor('testing.iconFailed'));
  item.contextValue = ContextValues.attempt;
  item.tooltip = `${a.error ? `${a.error.message}\n\n` : ''}Started ${localTime(a.startedAt)} (${a.startedAt})`;
  return item;
}
