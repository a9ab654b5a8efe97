import * as vscode from 'vscode';
import { type ConnectionNode, ConnectionsTreeProvider } from '../connections/connectionsTree';
import { ContextKeys, ViewIds } from '../constants';
import { DeliveriesTreeProvider, type DeliveryNode } from '../deliveries/deliveriesTree';
import { ReceiptDocumentProvider, RECEIPT_SCHEME } from '../receiver/receiptDocuments';
import { type ReceiverNode, ReceiverTreeProvider } from '../receiver/receiverTree';
import type { HostServices } from '../services';
import { eventCatalog } from '../../core/events/catalog';

export interface MakiniViews {
  readonly connections: vscode.TreeView<ConnectionNode>;
  readonly deliveries: vscode.TreeView<DeliveryNode>;
  readonly receiver: vscode.TreeView<ReceiverNode>;
  readonly receiverTree: ReceiverTreeProvider;
  readonly deliveriesTree: DeliveriesTreeProvider;
  readonly connectionsTree: ConnectionsTreeProvider;
}

/** Creates the three views of the Makini container; `context.subscriptions` owns them. */
export function registerViews(context: vscode.ExtensionContext, services: HostServices): MakiniViews {
  const own = <T extends vscode.Disposable>(value: T): T => {
    context.subscriptions.push(value);
    return value;
  };

  const receiverTree = own(new ReceiverTreeProvider(services.receiver));
  const receiver = own(vscode.window.createTreeView(ViewIds.receiver, { treeDataProvider: receiverTree }));
  const showReceiverState = (): void => {
    const { running, url } = services.receiver.state;
    receiver.description = running ? url : 'stopped';
    void vscode.commands.executeCommand('setContext', ContextKeys.receiverRunning, running);
  };
  showReceiverState();
  own(services.receiver.onDidChangeState(showReceiverState));
  own(
    vscode.workspace.registerTextDocumentContentProvider(
      RECEIPT_SCHEME,
      new ReceiptDocumentProvider(services.receiver.receipts),
    ),
  );

  const deliveriesTree = own(new DeliveriesTreeProvider(services.deliveries, services.endpointChecks));
  const deliveries = own(
    vscode.window.createTreeView(ViewIds.deliveries, { treeDataProvider: deliveriesTree }),
  );

  const connectionsTree = own(new ConnectionsTreeProvider(services.connections, services.receiver));
  const connections = own(
    vscode.window.createTreeView(ViewIds.connections, {
      treeDataProvider: connectionsTree,
      manageCheckboxStateManually: true,
    }),
  );
  own(
    connections.onDidChangeCheckboxState((event) => {
      for (const [node, state] of event.items) {
        if (node.kind !== 'eventType') continue;
        const current = services.connections.eventTypes(node.key) ?? eventCatalog.map((d) => d.type);
        const next =
          state === vscode.TreeItemCheckboxState.Checked
            ? [...new Set([...current, node.type])]
            : current.filter((t) => t !== node.type);
        void services.connections.setEventTypes(node.key, next.length === eventCatalog.length ? null : next);
      }
    }),
  );
  const showConnectionsState = (): void => {
    const { mode, apiUrl } = services.connections;
    connections.description =
      mode === 'sandbox' ? 'Sandbox' : mode === 'live' ? `Live · ${apiUrl ?? ''}` : undefined;
    const attention = services.connections.needingAttention().length;
    connections.badge =
      attention > 0 ? { value: attention, tooltip: `${attention} connection(s) need attention` } : undefined;
    void vscode.commands.executeCommand('setContext', ContextKeys.mode, mode);
  };
  showConnectionsState();
  own(services.connections.onDidChange(showConnectionsState));

  return {
    connections,
    connectionsTree,
    deliveries,
    receiver,
    receiverTree,
    deliveriesTree,
  };
}
