import * as vscode from 'vscode';
import { eventCatalog } from '../../core/events/catalog';
import type { ConnectionHealth } from '../../core/health/healthMonitor';
import { syncStatusWords } from '../../core/health/syncStatusWords';
import type { LogStore } from '../../core/logStore/logStore';
import type { ReceiptRecord } from '../../core/receiver/receiptRecord';
import { ContextValues } from '../constants';
import { Disposable } from '../lifecycle';
import { receiptTreeItem } from '../receiver/receiptPresentation';
import type { PollFailure } from './connectionsService';
import { type ConnectionNode, type ConnectionsTreeModel, RECENT_WEBHOOKS } from './connectionsTreeModel';
import { HEALTH_PRESENTATION, healthIcon, providerNotInName, connectionTitle } from './healthPresentation';
import { markdownCode, markdownText } from '../views/markdownText';

/** The Connections view: each connection with its health, event configuration and latest webhooks. */
export class ConnectionsTreeProvider extends Disposable implements vscode.TreeDataProvider<ConnectionNode> {
  private readonly changed = this._register(new vscode.EventEmitter<ConnectionNode[] | undefined>());
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly model: ConnectionsTreeModel,
    private readonly receipts: LogStore<ReceiptRecord>,
  ) {
    super();
    this._register(model.onDidChange((nodes) => this.changed.fire(nodes)));
  }

  getChildren(node?: ConnectionNode): ConnectionNode[] {
    return node ? this.model.children(node) : [...this.model.connectionNodes];
  }

  getTreeItem(node: ConnectionNode): vscode.TreeItem {
    switch (node.kind) {
      case 'unreachable':
        return this.model.pollFailure ? unreachableItem(this.model.pollFailure) : new vscode.TreeItem('');
      case 'connection': {
        const { health, lastRequestId } = this.model.healthOf(node.key);
        return health ? connectionItem(health, lastRequestId) : new vscode.TreeItem(node.key);
      }
      case 'events':
        return this.eventsItem(node.key);
      case 'eventType':
        return this.eventTypeItem(node.key, node.type);
      case 'webhooks': {
        const item = new vscode.TreeItem('Recent webhooks', vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `connection.${node.key}.webhooks`;
        item.iconPath = new vscode.ThemeIcon('inbox');
        const total = this.model.receivedCount(node.key);
        item.description =
          total > RECENT_WEBHOOKS ? `latest ${RECENT_WEBHOOKS} of ${total}` : `${total} received`;
        return item;
      }
      case 'receipt': {
        const id = `connection.${node.key}.receipt.${node.receiptId}`;
        const receipt = this.receipts.get(node.receiptId);
        if (receipt) return receiptTreeItem(receipt, id, true);
        const item = new vscode.TreeItem(node.receiptId);
        item.id = id;
        item.description = 'no longer in the log';
        return item;
      }
    }
  }

  private eventsItem(key: string): vscode.TreeItem {
    const sends = this.model.sends(key);
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
    item.checkboxState = this.model.sends(key)(type)
      ? vscode.TreeItemCheckboxState.Checked
      : vscode.TreeItemCheckboxState.Unchecked;
    item.contextValue = ContextValues.connectionEvent;
    return item;
  }
}

/** The first row while the last poll could not reach Makini; its actions are Retry, Show Log, Use Sandbox. */
function unreachableItem({ apiUrl, reason }: PollFailure): vscode.TreeItem {
  const item = new vscode.TreeItem(`Could not reach Makini at ${apiUrl}: ${reason}`);
  item.id = 'connections.unreachable';
  item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
  item.contextValue = ContextValues.connectionsUnreachable;
  item.tooltip = new vscode.MarkdownString(
    `Could not reach Makini at ${markdownCode(apiUrl)}: ${markdownText(reason)}\n\nThe health shown below is not current. Retry, Show Log or Use Sandbox from this row's buttons.`,
  );
  return item;
}

/** A connection's row: its name, provider and health in words, and a tooltip with the why. */
export function connectionItem(health: ConnectionHealth, requestId: string | undefined): vscode.TreeItem {
  const { connection, level, reason, syncStatus } = health;
  const item = new vscode.TreeItem(connection.name, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `connection.${connection.key}`;
  const presentation = HEALTH_PRESENTATION[level];
  // Listed before its first status read has answered: say it is being checked, not "unknown".
  const notReadYet = level === 'unknown' && health.checking === true;
  const label = notReadYet ? 'checking…' : presentation.label;
  const provider = providerNotInName(connection);
  item.description = provider ? `${provider} · ${label}` : label;
  item.iconPath = notReadYet ? new vscode.ThemeIcon('loading~spin') : healthIcon(level);
  item.contextValue = `${ContextValues.connection}.${level}`;
  const tooltip = new vscode.MarkdownString();
  tooltip.appendMarkdown(`**${markdownText(connectionTitle(connection))}**\n\n`);
  tooltip.appendMarkdown(`Health: **${markdownText(label)}**: ${markdownText(reason)}\n\n`);
  tooltip.appendMarkdown(
    `Status: ${markdownText(connection.status)} · sync status: ${markdownText(syncStatus === undefined ? 'not read yet' : syncStatusWords(syncStatus))}\n\n`,
  );
  if (connection.updatedAt) tooltip.appendMarkdown(`Last update: ${markdownText(connection.updatedAt)}\n\n`);
  tooltip.appendMarkdown(`Connection ID: ${markdownCode(connection.key)}`);
  if (requestId) tooltip.appendMarkdown(`\n\nLast API error, request ID ${markdownCode(requestId)}`);
  item.tooltip = tooltip;
  return item;
}
