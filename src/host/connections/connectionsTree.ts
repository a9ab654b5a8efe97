import * as vscode from 'vscode';
import { eventCatalog } from '../../core/events/catalog';
import type { ConnectionHealth } from '../../core/health/healthMonitor';
import { CommandIds, ContextValues } from '../constants';
import { Disposable } from '../lifecycle';
import { receiptSummary } from '../receiver/receiptPresentation';
import { receiptUri } from '../receiver/receiptDocuments';
import type { ReceiverService } from '../receiver/receiverService';
import type { ConnectionsService } from './connectionsService';
import { HEALTH_PRESENTATION, healthIcon } from './healthPresentation';
import { markdownCode, markdownText } from '../views/markdownText';

export type ConnectionNode =
  | { readonly kind: 'connection'; readonly key: string }
  | { readonly kind: 'events'; readonly key: string }
  | { readonly kind: 'eventType'; readonly key: string; readonly type: string }
  | { readonly kind: 'webhooks'; readonly key: string }
  | { readonly kind: 'receipt'; readonly key: string; readonly receiptId: string };

const RECENT_WEBHOOKS = 5;

/** The Connections view: each connection with its health, event configuration and latest webhooks. */
export class ConnectionsTreeProvider extends Disposable implements vscode.TreeDataProvider<ConnectionNode> {
  private readonly changed = this._register(new vscode.EventEmitter<ConnectionNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly connections: ConnectionsService,
    private readonly receiver: ReceiverService,
  ) {
    super();
    this._register(connections.onDidChange(() => this.changed.fire(undefined)));
    this._register(
      receiver.onDidReceive(({ receipt }) => receipt.connectionId && this.changed.fire(undefined)),
    );
  }

  getChildren(node?: ConnectionNode): ConnectionNode[] {
    if (!node) return this.connections.list().map((c) => ({ kind: 'connection', key: c.connection.key }));
    switch (node.kind) {
      case 'connection':
        return [
          { kind: 'events', key: node.key },
          { kind: 'webhooks', key: node.key },
        ];
      case 'events':
        return eventCatalog.map((d) => ({ kind: 'eventType', key: node.key, type: d.type }));
      case 'webhooks':
        return this.receiver.receipts
          .query({ connectionId: node.key, limit: RECENT_WEBHOOKS })
          .records.map((r) => ({ kind: 'receipt', key: node.key, receiptId: r.id }));
      default:
        return [];
    }
  }

  getTreeItem(node: ConnectionNode): vscode.TreeItem {
    switch (node.kind) {
      case 'connection': {
        const health = this.connections.get(node.key);
        return health
          ? connectionItem(health, this.connections.lastError?.requestId)
          : new vscode.TreeItem(node.key);
      }
      case 'events':
        return this.eventsItem(node.key);
      case 'eventType':
        return this.eventTypeItem(node.key, node.type);
      case 'webhooks': {
        const item = new vscode.TreeItem('Recent webhooks', vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `connection.${node.key}.webhooks`;
        item.iconPath = new vscode.ThemeIcon('inbox');
        item.description = `${this.receiver.receipts.query({ connectionId: node.key, limit: 1 }).total} received`;
        return item;
      }
      case 'receipt': {
        const receipt = this.receiver.receipts.get(node.receiptId);
        const item = new vscode.TreeItem(receipt?.eventType ?? node.receiptId);
        item.id = `connection.${node.key}.receipt.${node.receiptId}`;
        item.description = receipt ? `${receiptSummary(receipt)} · ${receipt.time}` : 'no longer in the log';
        item.contextValue = ContextValues.receipt;
        item.command = {
          command: CommandIds.openReceipt,
          title: 'Open',
          arguments: [receiptUri(node.receiptId)],
        };
        return item;
      }
    }
  }

  private sends(key: string): (type: string) => boolean {
    const types = this.connections.eventTypes(key);
    return (type) => types === null || types.includes(type);
  }

  private eventsItem(key: string): vscode.TreeItem {
    const sends = this.sends(key);
    const count = eventCatalog.filter((d) => sends(d.type)).length;
    const item = new vscode.TreeItem('Webhook events', vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `connection.${key}.events`;
    item.iconPath = new vscode.ThemeIcon('checklist');
    item.description = `${count} of ${eventCatalog.length} sent`;
    return item;
  }

  private eventTypeItem(key: string, type: string): vscode.TreeItem {
    const item = new vscode.TreeItem(type);
    item.id = `connection.${key}.event.${type}`;
    item.description = eventCatalog.find((d) => d.type === type)?.description;
    item.checkboxState = this.sends(key)(type)
      ? vscode.TreeItemCheckboxState.Checked
      : vscode.TreeItemCheckboxState.Unchecked;
    item.contextValue = ContextValues.connectionEvent;
    return item;
  }
}

function connectionItem(health: ConnectionHealth, requestId: string | undefined): vscode.TreeItem {
  const { connection, level, reason, syncStatus } = health;
  const item = new vscode.TreeItem(connection.name, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `connection.${connection.key}`;
  const presentation = HEALTH_PRESENTATION[level];
  item.description = `${connection.integrationName ?? 'unknown provider'} · ${presentation.label}`;
  item.iconPath = healthIcon(level);
  item.contextValue = `${ContextValues.connection}.${level}`;
  const tooltip = new vscode.MarkdownString();
  tooltip.appendMarkdown(
    `**${markdownText(connection.name)}** · ${markdownText(connection.integrationName ?? '')}\n\n`,
  );
  tooltip.appendMarkdown(`Health: **${markdownText(presentation.label)}**: ${markdownText(reason)}\n\n`);
  tooltip.appendMarkdown(
    `Status: ${markdownText(connection.status)} · sync status: ${markdownText(syncStatus ?? 'not read yet')}\n\n`,
  );
  if (connection.updatedAt) tooltip.appendMarkdown(`Last update: ${markdownText(connection.updatedAt)}\n\n`);
  tooltip.appendMarkdown(`Connection ID: ${markdownCode(connection.key)}`);
  if (requestId) tooltip.appendMarkdown(`\n\nLast API error, request ID ${markdownCode(requestId)}`);
  item.tooltip = tooltip;
  return item;
}
