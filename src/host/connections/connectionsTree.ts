import * as vscode from 'vscode';
import { eventCatalog } from '../../core/events/catalog';
import type { ConnectionHealth } from '../../core/health/healthMonitor';
import { syncStatusWords } from '../../core/health/syncStatusWords';
import type { LogStore } from '../../core/logStore/logStore';
import type { ReceiptRecord } from '../../core/receiver/receiptRecord';
import { CommandIds, ContextValues } from '../constants';
import { EAM_COLLECTIONS, findEamCollection } from '../../core/api/eamCollections';
import { countOf } from '../../core/text/plural';
import type { CollectionCount } from './dataCounts';
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
      case 'data':
        return dataItem(node.key);
      case 'collection':
        return collectionItem(node, this.model.countOf(node.key, node.collection));
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

/** A connection's read-only Data node: its EAM collections, counted when it is expanded. */
function dataItem(key: string): vscode.TreeItem {
  const item = new vscode.TreeItem('Data', vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `connection.${key}.data`;
  item.iconPath = new vscode.ThemeIcon('database');
  item.description = `${EAM_COLLECTIONS.length} collections · read-only`;
  item.contextValue = ContextValues.connectionData;
  item.tooltip =
    "The connection's EAM records, read with its own token. Each collection opens its first page.";
  return item;
}

function countText(count: CollectionCount): string {
  if (count.state === 'counting') return 'counting…';
  if (count.state === 'failed') return `could not count: ${count.reason}`;
  return countOf(count.total, 'record');
}

/** One collection: its name and count; it opens its first page as a read-only JSON document. */
function collectionItem(node: { key: string; collection: string }, count: CollectionCount): vscode.TreeItem {
  const collection = findEamCollection(node.collection);
  const item = new vscode.TreeItem(collection?.label ?? node.collection);
  item.id = `connection.${node.key}.data.${node.collection}`;
  item.iconPath = new vscode.ThemeIcon(count.state === 'failed' ? 'warning' : 'symbol-array');
  item.description = countText(count);
  item.tooltip = `${collection?.path ?? node.collection}: ${countText(count)}`;
  item.contextValue = ContextValues.connectionCollection;
  item.command = { command: CommandIds.openCollection, title: 'Open Records Page', arguments: [node] };
  return item;
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
