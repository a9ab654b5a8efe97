import { checkCommands } from './checks/checkCommands';
import { extensionCommands } from './commands/extensionCommands';
import { registerCommands } from './commands/registerCommands';
import { secretCommands } from './commands/secretCommands';
import { connectionCommands } from './connections/connectionCommands';
import { sandboxCommands } from './connections/sandboxCommands';
import { recordCommands } from './connections/recordCommands';
import { RecordDocuments, RECORDS_SCHEME } from './connections/recordDocuments';
import * as vscode from 'vscode';
import { deliveryCommands } from './deliveries/deliveryCommands';
import type { MakiniServices } from './makiniServices';
import { publicUrlCommands } from './receiver/publicUrlCommand';
import { receiverCommands } from './receiver/receiverCommands';
import { MakiniStatusBar } from './statusBar';
import { type MakiniViews, registerViews } from './views/registerViews';
import { ViewFilter } from './views/viewFilter';
import { WalkthroughProgress } from './walkthrough/walkthroughProgress';

/** What the workbench shows of the extension: its views, commands, status-bar item and walkthrough. */
export interface MakiniWorkbench {
  readonly views: MakiniViews;
  readonly statusBar: MakiniStatusBar;
  readonly walkthrough: WalkthroughProgress;
}

/**
 * The composition root's second half: every view, command and the status bar, built on the
 * services, each from the few services it uses. `own` takes every disposable made here.
 */
export function registerWorkbench(
  own: <T extends vscode.Disposable>(value: T) => T,
  services: MakiniServices,
): MakiniWorkbench {
  const { output, settings, secrets, receiver, publicUrl, deliveries, connections, globalState } = services;
  const { endpointChecks, checkReportPanel, detailsPanels, refusalPanels } = services;
  const deliveriesFilter = own(new ViewFilter());
  const receiptsFilter = own(new ViewFilter());
  const views = registerViews(own, {
    receiver,
    publicUrl,
    deliveries,
    connections,
    endpointChecks,
    deliveriesFilter,
    receiptsFilter,
  });
  const documents = own(new RecordDocuments());
  own(vscode.workspace.registerTextDocumentContentProvider(RECORDS_SCHEME, documents));
  const commands = registerCommands(output, {
    ...extensionCommands(output, connections, () => settings.value.webhookEnvelope),
    ...receiverCommands({ receiver, settings, output, refusalPanels, filter: receiptsFilter }),
    ...publicUrlCommands({ receiver, publicUrl }),
    ...secretCommands({ secrets, settings, receiver, output }),
    ...connectionCommands({ connections, settings, output }),
    ...sandboxCommands({ connections, output }),
    ...recordCommands({ connections, receiver, documents }),
    ...deliveryCommands({
      deliveries,
      receiver,
      connections,
      secrets,
      settings,
      globalState,
      detailsPanels,
      filter: deliveriesFilter,
    }),
    ...checkCommands({ secrets, settings, output, endpointChecks, checkReportPanel, globalState, receiver }),
  });
  for (const command of commands) own(command);
  const walkthrough = own(
    new WalkthroughProgress({
      connections,
      connectionsView: views.connections,
      deliveries,
      receiver,
      settings,
    }),
  );
  return { views, statusBar: own(new MakiniStatusBar(receiver, connections)), walkthrough };
}
