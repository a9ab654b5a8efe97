import * as path from 'node:path';
import type * as vscode from 'vscode';
import { errorMessage } from '../core/errors';
import { CheckReportPanel } from './checks/checkReportPanel';
import { EndpointChecks } from './checks/endpointChecks';
import { SettingsService, showSettingsError } from './config/settings';
import { type SecretStore, secretStorageStore } from './config/secretStore';
import { ConnectionAlerts } from './connections/connectionAlerts';
import { ConnectionsService } from './connections/connectionsService';
import { DeliveryDetailsPanels } from './deliveries/deliveryDetailsPanel';
import { DeliveryService } from './deliveries/deliveryService';
import { Disposable } from './lifecycle';
import { PublicUrlService } from './receiver/publicUrlService';
import { ReceiverService } from './receiver/receiverService';
import { RefusalPanels } from './receiver/refusalPanel';

/** The parts of an ExtensionContext the services are built from. */
export type ServicesContext = Pick<
  vscode.ExtensionContext,
  'secrets' | 'globalState' | 'globalStorageUri' | 'logUri'
>;

/**
 * Builds every service of the extension, each given only what it uses, and owns them: their one
 * lifecycle owner. Only the composition root (`extension.ts` with `registerWorkbench.ts`) and the
 * extension's API see this object; no service, view or command does. Nothing starts listening
 * here; see {@link startServers}. {@link shutdown} (awaited by `deactivate`) stops everything.
 */
export class MakiniServices extends Disposable {
  private stopped: Promise<void> | undefined;
  readonly settings: SettingsService;
  readonly secrets: SecretStore;
  readonly receiver: ReceiverService;
  /** The receiver's public URL (a tunnel's), polled while the Local Receiver view is visible. */
  readonly publicUrl: PublicUrlService;
  readonly deliveries: DeliveryService;
  readonly connections: ConnectionsService;
  readonly alerts: ConnectionAlerts;
  readonly endpointChecks: EndpointChecks;
  readonly checkReportPanel: CheckReportPanel;
  readonly detailsPanels: DeliveryDetailsPanels;
  readonly refusalPanels: RefusalPanels;
  /** Small state kept across sessions (recent webhook URLs). */
  readonly globalState: vscode.Memento;
  /** Where the deliveries and receipts logs live (the extension's global storage). */
  readonly logDir: string;
  /** The extension's own log folder (the output channel's file). */
  readonly extensionLogDir: string;

  constructor(
    context: ServicesContext,
    readonly output: vscode.LogOutputChannel,
  ) {
    super();
    const globalState = context.globalState;
    this.globalState = globalState;
    this.logDir = path.join(context.globalStorageUri.fsPath, 'logs');
    this.extensionLogDir = context.logUri.fsPath;
    const settings = this._register(
      new SettingsService((message, key) => void showSettingsError(message, key)),
    );
    const secrets = secretStorageStore(context.secrets);
    const receiver = this._register(new ReceiverService(settings, secrets, this.logDir, output));
    this.settings = settings;
    this.secrets = secrets;
    this.receiver = receiver;
    this.publicUrl = this._register(new PublicUrlService({ settings, receiver, output }));
    this.deliveries = this._register(new DeliveryService(settings, output, this.logDir));
    this.connections = this._register(
      new ConnectionsService({ settings, secrets, receiver, output, globalState }),
    );
    this.alerts = this._register(new ConnectionAlerts(this.connections, settings));
    this.endpointChecks = this._register(new EndpointChecks());
    this.checkReportPanel = this._register(new CheckReportPanel());
    this.detailsPanels = this._register(new DeliveryDetailsPanels(this.deliveries));
    this.refusalPanels = this._register(new RefusalPanels(settings));
  }

  /** Starts the receiver (when the settings say so) and the connections; failures are logged. */
  async startServers(): Promise<void> {
    if (this.settings.value.receiverAutoStart) {
      await this.receiver
        .start()
        .catch((error: unknown) =>
          this.output.warn(`The local receiver did not start: ${errorMessage(error)}`),
        );
    }
    await this.connections
      .start()
      .catch((error: unknown) => this.output.error(`Connections could not start: ${errorMessage(error)}`));
  }

  /**
   * Stops every server and closes the logs, waiting for all of it, then disposes the services;
   * once, however often it is called. The order matters: the connections first (the sandbox and
   * the health poller, whose webhooks and polls would otherwise meet a stopped receiver), then the
   * receiver (its server, then its log).
   */
  shutdown(): Promise<void> {
    this.stopped ??= (async () => {
      try {
        await this.connections.shutdown();
        await this.receiver.shutdown();
      } finally {
        super.dispose();
      }
    })();
    return this.stopped;
  }

  /** The same as {@link shutdown}, for an owner that cannot wait. */
  override dispose(): void {
    void this.shutdown();
  }
}
