import * as vscode from 'vscode';
import type { EndpointChecks } from '../checks/endpointChecks';
import { ConnectionsTreeProvider } from '../connections/connectionsTree';
import { type ConnectionNode, ConnectionsTreeModel } from '../connections/connectionsTreeModel';
import type { ConnectionsService } from '../connections/connectionsService';
import { applyEventTypeCheckboxes } from '../connections/eventTypeCheckboxes';
import { DataCounts } from '../connections/dataCounts';
import { ContextKeys, ViewIds } from '../constants';
import { DeliveriesTreeProvider, type DeliveryNode } from '../deliveries/deliveriesTree';
import type { DeliveryService } from '../deliveries/deliveryService';
import type { PublicUrlService } from '../receiver/publicUrlService';
import { ReceiptDocumentProvider, RECEIPT_SCHEME } from '../receiver/receiptDocuments';
import { type ReceiverNode, ReceiverTreeProvider } from '../receiver/receiverTree';
import { ReceiverTreeModel } from '../receiver/receiverTreeModel';
import type { ReceiverService } from '../receiver/receiverService';
import { countOf } from '../../core/text/plural';
import type { ViewFilter } from './viewFilter';

export interface MakiniViews {
  readonly connections: vscode.TreeView<ConnectionNode>;
  readonly deliveries: vscode.TreeView<DeliveryNode>;
  readonly receiver: vscode.TreeView<ReceiverNode>;
  readonly receiverTree: ReceiverTreeProvider;
  readonly deliveriesTree: DeliveriesTreeProvider;
  readonly connectionsTree: ConnectionsTreeProvider;
}

/** What the views show. */
export interface ViewSources {
  readonly receiver: ReceiverService;
  readonly publicUrl: PublicUrlService;
  readonly deliveries: DeliveryService;
  readonly connections: ConnectionsService;
  readonly endpointChecks: EndpointChecks;
  readonly deliveriesFilter: ViewFilter;
  readonly receiptsFilter: ViewFilter;
}

type Own = <T extends vscode.Disposable>(value: T) => T;

/** Creates the three views of the Makini container; `own` takes every disposable they make. */
export function registerViews(own: Own, sources: ViewSources): MakiniViews {
  const receiverModel = own(
    new ReceiverTreeModel(sources.receiver, sources.publicUrl, sources.receiptsFilter),
  );
  const receiverTree = own(new ReceiverTreeProvider(receiverModel));
  const deliveriesTree = own(
    new DeliveriesTreeProvider(sources.deliveries, sources.endpointChecks, sources.deliveriesFilter),
  );
  const counts = own(new DataCounts(sources.connections));
  const connectionsModel = own(new ConnectionsTreeModel(sources.connections, sources.receiver, counts));
  const connectionsTree = own(new ConnectionsTreeProvider(connectionsModel, sources.receiver.receipts));
  return {
    receiver: receiverView(own, sources, receiverTree),
    receiverTree,
    deliveries: deliveriesView(own, sources.deliveriesFilter, deliveriesTree),
    deliveriesTree,
    connections: connectionsView(own, sources.connections, connectionsTree),
    connectionsTree,
  };
}

/** The Deliveries view, its description the active filter, and a context key for Clear Filter. */
function deliveriesView(
  own: Own,
  filter: ViewFilter,
  tree: DeliveriesTreeProvider,
): vscode.TreeView<DeliveryNode> {
  const view = own(vscode.window.createTreeView(ViewIds.deliveries, { treeDataProvider: tree }));
  own(
    filter.onDidChange(() => {
      view.description = filter.description;
      void vscode.commands.executeCommand('setContext', ContextKeys.deliveriesFiltered, filter.active);
    }),
  );
  return view;
}

function receiverView(
  own: Own,
  { receiver, publicUrl, receiptsFilter }: Pick<ViewSources, 'receiver' | 'publicUrl' | 'receiptsFilter'>,
  tree: ReceiverTreeProvider,
): vscode.TreeView<ReceiverNode> {
  const view = own(vscode.window.createTreeView(ViewIds.receiver, { treeDataProvider: tree }));
  // The tunnel is looked for only while someone can see the answer.
  publicUrl.setVisible(view.visible);
  own(view.onDidChangeVisibility(({ visible }) => publicUrl.setVisible(visible)));
  const showState = (): void => {
    const { running, url } = receiver.state;
    const filtered = receiptsFilter.description;
    view.description = `${running ? url : 'stopped'}${filtered ? ` · ${filtered}` : ''}`;
    void vscode.commands.executeCommand('setContext', ContextKeys.receiverRunning, running);
    void vscode.commands.executeCommand('setContext', ContextKeys.receiptsFiltered, receiptsFilter.active);
  };
  showState();
  own(receiver.onDidChangeState(showState));
  own(receiptsFilter.onDidChange(showState));
  own(
    vscode.workspace.registerTextDocumentContentProvider(
      RECEIPT_SCHEME,
      new ReceiptDocumentProvider(receiver.receipts),
    ),
  );
  return view;
}

function connectionsView(
  own: Own,
  connections: ConnectionsService,
  tree: ConnectionsTreeProvider,
): vscode.TreeView<ConnectionNode> {
  const view = own(
    vscode.window.createTreeView(ViewIds.connections, {
      treeDataProvider: tree,
      manageCheckboxStateManually: true,
    }),
  );
  own(view.onDidChangeCheckboxState((event) => applyEventTypeCheckboxes(connections, event)));
  const showState = (): void => {
    const { mode, apiUrl } = connections;
    view.description =
      mode === 'sandbox' ? 'Sandbox' : mode === 'live' ? `Live · ${apiUrl ?? ''}` : undefined;
    const attention = connections.needingAttention().length;
    view.badge =
      attention > 0
        ? {
            value: attention,
            tooltip: `${countOf(attention, 'connection')} ${attention === 1 ? 'needs' : 'need'} attention`,
          }
        : undefined;
    void vscode.commands.executeCommand('setContext', ContextKeys.mode, mode);
    const unreachable = connections.pollFailure !== undefined;
    void vscode.commands.executeCommand('setContext', ContextKeys.connectionsUnreachable, unreachable);
  };
  showState();
  own(connections.onDidChange(showState));
  return view;
}
