import * as path from 'node:path';
import * as vscode from 'vscode';
import { SettingsService } from './config/settings';
import { type SecretStore, secretStorageStore } from './config/secretStore';
import { CheckReportPanel } from './checks/checkReportPanel';
import { EndpointChecks } from './checks/endpointChecks';
import { ConnectionAlerts } from './connections/connectionAlerts';
import { ConnectionsService } from './connections/connectionsService';
import { DeliveryDetailsPanels } from './deliveries/deliveryDetailsPanel';
import { DeliveryService } from './deliveries/deliveryService';
import { ReceiverService } from './receiver/receiverService';

/** Everything the views and commands work with; built once per activation. */
export interface HostServices {
  readonly output: vscode.LogOutputChannel;
  readonly settings: SettingsService;
  readonly secrets: SecretStore;
  readonly receiver: ReceiverService;
  readonly deliveries: DeliveryService;
  readonly detailsPanels: DeliveryDetailsPanels;
  readonly connections: ConnectionsService;
  readonly alerts: ConnectionAlerts;
  readonly endpointChecks: EndpointChecks;
  readonly checkReportPanel: CheckReportPanel;
  /** Small state kept across sessions (recent webhook URLs). */
  readonly globalState: vscode.Memento;
  /** Where the deliveries and receipts logs live (the extension's global storage). */
  readonly logDir: string;
  /** The extension's own log folder (the output channel's file). */
  readonly extensionLogDir: string;
}

/** Builds the services; each is owned by `context.subscriptions`. Nothing starts listening here. */
export function createServices(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
): HostServices {
  const own = <T extends vscode.Disposable>(value: T): T => {
    context.subscriptions.push(value);
    return value;
  };
  const settings = own(
    new SettingsService((message) => void vscode.window.showWarningMessage(`Makini: ${message}`)),
  );
  const secrets = secretStorageStore(context.secrets);
  const logDir = path.join(context.globalStorageUri.fsPath, 'logs');
  const receiver = own(new ReceiverService(settings, secrets, logDir, output));
  const deliveries = own(new DeliveryService(settings, output, logDir));
  const connections = own(
    new ConnectionsService({ settings, secrets, receiver, output, globalState: context.globalState }),
  );
  const alerts = own(new ConnectionAlerts(connections, settings));
  const services: HostServices = {
    output,
    settings,
    secrets,
    receiver,
    deliveries,
    connections,
    alerts,
    endpointChecks: own(new EndpointChecks()),
    checkReportPanel: own(new CheckReportPanel()),
    // Panels need the services they belong to; set right below.
    detailsPanels: undefined as unknown as DeliveryDetailsPanels,
    globalState: context.globalState,
    logDir,
    extensionLogDir: context.logUri.fsPath,
  };
  return Object.assign(services, { detailsPanels: own(new DeliveryDetailsPanels(services)) });
}

/** Stops every server and closes the logs, waiting for all of it. */
export async function shutdownServices(services: HostServices): Promise<void> {
  await services.connections.shutdown();
  await services.receiver.shutdown();
}
