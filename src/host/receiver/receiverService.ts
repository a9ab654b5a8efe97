import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import { isLoopbackHost, isLoopbackUrl } from '../../core/net/loopback';
import { LogStore } from '../../core/logStore/logStore';
import { receiptKind, type ReceiptRecord } from '../../core/receiver/receiptRecord';
import { ReceiverError, ReceiverServer, type StoredReceipt } from '../../core/receiver/receiverServer';
import type { FailureSimulation } from '../../core/receiver/failureSimulation';
import { ReceiverSettingsError, type ReceiverSettings } from '../../core/receiver/receiverSettings';
import { schemeSignsTimestamp } from '../../core/signing/schemes';
import type { SettingName, Settings } from '../config/settingsSchema';
import type { SettingsService } from '../config/settings';
import {
  previousSecretsUntil,
  readRetiredWebhookSecrets,
  readWebhookSecrets,
  type SecretStore,
  SecretKeys,
} from '../config/secretStore';
import { CommandIds } from '../constants';
import { Lazy } from '../lazy';
import { Disposable } from '../lifecycle';
import { UserError } from '../userError';

/** What the Local Receiver view and the status bar show. */
export interface ReceiverState {
  readonly running: boolean;
  readonly url?: string;
  readonly scheme: Settings['signatureScheme'];
  readonly hasSecret: boolean;
  /** How many secrets it verifies with: more than one during a rotation. */
  readonly secretCount: number;
  readonly forwardTo?: string;
  /** Why the last start failed (a taken port, say). */
  readonly error?: string;
  /** Failures it simulates on purpose; empty when it answers normally. */
  readonly simulation: FailureSimulation;
  /** After a rotation: until when (ms since the epoch) the previous secrets are accepted too. */
  readonly previousSecretsUntil?: number;
  /** Why the settings are not all in effect (a secret the chosen scheme cannot use, say). */
  readonly notApplied?: string;
}

const RESTART_ON: readonly SettingName[] = ['receiverHost', 'receiverPort', 'receiverPath'];
const UPDATE_ON: readonly SettingName[] = [
  'signatureScheme',
  'signatureHeader',
  'signatureEncoding',
  'toleranceSeconds',
  'forwardTo',
];

/**
 * The local receiver inside the editor: one {@link ReceiverServer} whose settings follow the
 * user's, whose secrets come from SecretStorage, and whose receipts go to the log store.
 */
export class ReceiverService extends Disposable {
  private readonly server: ReceiverServer;
  // Opened on first use: reading a long log should not hold up the editor's start-up.
  private readonly receiptLog: Lazy<LogStore<ReceiptRecord>>;
  private lastError: string | undefined;
  private notApplied: string | undefined;
  private previousUntil: number | undefined;
  private overlapTimer: NodeJS.Timeout | undefined;
  private readonly stateChanged = this._register(new vscode.EventEmitter<ReceiverState>());
  readonly onDidChangeState = this.stateChanged.event;
  private readonly received = this._register(new vscode.EventEmitter<StoredReceipt>());
  readonly onDidReceive = this.received.event;

  constructor(
    private readonly settings: SettingsService,
    private readonly secrets: SecretStore,
    logDir: string,
    private readonly output: vscode.LogOutputChannel,
  ) {
    super();
    const warn = (message: string): void => output.warn(message);
    this.receiptLog = new Lazy(() =>
      LogStore.open({
        dir: logDir,
        kind: receiptKind,
        maxRecords: settings.value.logMaxRecords,
        fsync: settings.value.logFsync,
        onWarning: warn,
      }),
    );
    this.server = new ReceiverServer({
      settings: this.serverSettings([]),
      store: () => this.receipts,
      onWarning: warn,
    });
    this._register(this.server.onStored((stored) => this.received.fire(stored)));
    this._register({ dispose: () => clearTimeout(this.overlapTimer) });
    this._register(settings.onDidChange((names) => void this.onSettingsChanged(names)));
    this._register(
      secrets.onDidChange((event) => {
        if (event.key === SecretKeys.webhookSecrets) void this.reloadSecrets().catch(() => undefined);
      }),
    );
  }

  /** The received webhooks, kept across restarts in the extension's global storage. */
  get receipts(): LogStore<ReceiptRecord> {
    return this.receiptLog.value;
  }

  /** What is in effect: a setting that could not be applied shows as `notApplied`, not as applied. */
  get state(): ReceiverState {
    const effective = this.server.currentSettings;
    return {
      running: this.server.url !== undefined,
      url: this.server.url,
      scheme: effective.scheme,
      hasSecret: effective.secrets.length > 0,
      secretCount: effective.secrets.length,
      forwardTo: effective.forwardTo || undefined,
      error: this.lastError,
      simulation: effective.simulation,
      ...(this.notApplied ? { notApplied: this.notApplied } : {}),
      ...(this.previousUntil && effective.secrets.length > 1
        ? { previousSecretsUntil: this.previousUntil }
        : {}),
    };
  }

  /**
   * Starts the receiver if it is not running; answers its URL. Failures are kept in `state.error`.
   * @throws UserError (`receiverUnavailable`, the ReceiverError as its cause) when it cannot
   * listen where the settings say; any other error as it was thrown.
   */
  async start(): Promise<string> {
    if (this.server.url) return this.server.url;
    await this.reloadSecrets();
    const { receiverHost: host, receiverPort: port, receiverPath: path } = this.settings.value;
    try {
      const url = await this.server.start({ host, port, path });
      this.lastError = undefined;
      if (!isLoopbackHost(host)) {
        this.output.warn(`The receiver listens on ${host}: other machines on your network can reach it.`);
      }
      const { forwardTo } = this.settings.value;
      if (forwardTo && !isLoopbackUrl(forwardTo)) {
        this.output.warn(
          `The receiver forwards to ${forwardTo}: every webhook it takes leaves this machine.`,
        );
      }
      this.output.info(`Local receiver listening on ${url}`);
      return url;
    } catch (error) {
      // A port that is taken (or a host that cannot be bound) is the user's to fix; say how.
      if (!ReceiverError.is(error, 'listenFailed')) {
        this.lastError = errorMessage(error);
        throw error;
      }
      this.lastError = `${error.message} Change makini.receiver.port or stop what uses it.`;
      throw new UserError('receiverUnavailable', this.lastError, { cause: error });
    } finally {
      this.stateChanged.fire(this.state);
    }
  }

  async stop(): Promise<void> {
    if (!this.server.url) return;
    await this.server.stop();
    this.output.info('Local receiver stopped');
    this.stateChanged.fire(this.state);
  }

  /** Empties the receipts log (on disk too). */
  clearReceipts(): void {
    this.receipts.clear();
    this.stateChanged.fire(this.state);
  }

  /** Makes the receiver misbehave on purpose (`{}` to answer normally again). */
  simulate(simulation: FailureSimulation): void {
    this.server.update({ simulation });
    this.output.info(`Local receiver simulation: ${JSON.stringify(simulation)}`);
    this.stateChanged.fire(this.state);
  }

  /**
   * Host names requests may name besides loopback ones: the public URL's, which a tunnel forwards
   * as the sender wrote it. Empty again when there is no public URL.
   */
  acceptPublicHosts(hosts: readonly string[]): void {
    this.server.update({ publicHosts: hosts });
  }

  /** Stops the server and closes the log, waiting for both. */
  async shutdown(): Promise<void> {
    clearTimeout(this.overlapTimer);
    await this.server.stop();
    this.receiptLog.ifMade?.close();
  }

  private serverSettings(
    secrets: readonly string[],
    retiredSecrets: readonly string[] = [],
  ): Partial<ReceiverSettings> {
    const s = this.settings.value;
    return {
      secrets,
      retiredSecrets,
      encoding: s.signatureEncoding,
      scheme: s.signatureScheme,
      signatureHeader: s.signatureScheme === 'makini' ? s.signatureHeader : undefined,
      // Set to undefined, not left out, so a switch to makini clears the standard scheme's tolerance.
      toleranceSeconds: schemeSignsTimestamp(s.signatureScheme) ? s.toleranceSeconds : undefined,
      forwardTo: s.forwardTo || undefined,
    };
  }

  /**
   * Reads the signing secrets again from SecretStorage and applies them, with the settings, to the
   * next requests. Settings the secrets cannot serve (the standard scheme with a secret that is
   * not `whsec_`) are not applied: the previous ones stay in force, and `state.notApplied` says why.
   */
  async reloadSecrets(): Promise<void> {
    const secrets = await readWebhookSecrets(this.secrets);
    const retired = await readRetiredWebhookSecrets(this.secrets);
    this.previousUntil = await previousSecretsUntil(this.secrets);
    this.scheduleOverlapEnd();
    try {
      this.server.update(this.serverSettings(secrets, retired));
      this.notApplied = undefined;
    } catch (error) {
      if (!ReceiverSettingsError.is(error)) throw error;
      const { signatureScheme } = this.settings.value;
      this.notApplied = `makini.webhooks.signatureScheme ${signatureScheme} is not in effect: ${error.message} The receiver still verifies with the ${this.server.currentSettings.scheme} scheme.`;
      this.output.warn(this.notApplied);
    }
    this.stateChanged.fire(this.state);
  }

  /** At the end of a rotation's overlap the previous secrets stop being accepted: reload then. */
  private scheduleOverlapEnd(): void {
    clearTimeout(this.overlapTimer);
    this.overlapTimer = undefined;
    if (this.previousUntil === undefined) return;
    // setTimeout takes at most 2^31-1 ms (about 24 days); a later end is rescheduled on reaching it.
    const wait = Math.min(Math.max(0, this.previousUntil - Date.now()) + 50, 2 ** 31 - 1);
    this.overlapTimer = setTimeout(() => void this.reloadSecrets().catch(() => undefined), wait);
    this.overlapTimer.unref();
  }

  /** A switch to the standard scheme that the stored secret cannot serve: offer a `whsec_` one. */
  private offerStandardSecret(): void {
    const generate = 'Generate a whsec_ Secret';
    void vscode.window
      .showWarningMessage(
        'Makini: the standard scheme needs a whsec_ signing secret; the receiver still uses the previous scheme.',
        generate,
      )
      .then((picked) =>
        picked === generate ? vscode.commands.executeCommand(CommandIds.generateWebhookSecret) : undefined,
      );
  }

  private async onSettingsChanged(names: ReadonlySet<SettingName>): Promise<void> {
    try {
      if (UPDATE_ON.some((n) => names.has(n))) {
        await this.reloadSecrets();
        if (this.notApplied && this.settings.value.signatureScheme === 'standard') this.offerStandardSecret();
      }
      if (RESTART_ON.some((n) => names.has(n)) && (this.server.url || this.lastError)) {
        await this.server.stop();
        await this.start();
      }
    } catch (error) {
      this.output.error(`Could not apply the receiver settings: ${errorMessage(error)}`);
      void vscode.window.showWarningMessage(
        `Makini: the local receiver could not restart: ${errorMessage(error)}`,
      );
    }
    this.stateChanged.fire(this.state);
  }
}
