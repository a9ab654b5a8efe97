import * as vscode from 'vscode';
import { eventCatalog } from '../../core/events/catalog';
import type { ConnectionNode } from './connectionsTreeModel';
import type { ConnectionsService } from './connectionsService';

/**
 * The Connections view's event-type checkboxes: a ticked or cleared box turns that event type on or
 * off for its connection (all of them ticked is kept as "all", so new event types are sent too).
 */
export function applyEventTypeCheckboxes(
  connections: ConnectionsService,
  event: vscode.TreeCheckboxChangeEvent<ConnectionNode>,
): void {
  for (const [node, state] of event.items) {
    if (node.kind !== 'eventType') continue;
    const current = connections.eventTypes(node.key) ?? eventCatalog.map((d) => d.type);
    const next =
      state === vscode.TreeItemCheckboxState.Checked
        ? [...new Set([...current, node.type])]
        : current.filter((t) => t !== node.type);
    void connections.setEventTypes(node.key, next.length === eventCatalog.length ? null : next);
  }
}
