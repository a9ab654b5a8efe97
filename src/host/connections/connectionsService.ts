import * as vscode from 'vscode';
import { MakiniClient } from '../../core/api/makiniClient';
import { failureReason, isUnreachable } from '../../core/api/apiErrors';
import { supportReport, type SupportReport } from '../../core/api/supportReport';
import { errorMessage } from '../../core/errors';
import { type ConnectionHealth, type HealthChange, HealthMonitor } from '../../core/health/healthMonitor';
import type { HealthLevel } from '../../core/health/healthLevel';
import type { StoredReceipt } from '../../core/receiver/receiverServer';
import { SANDBOX_CREDENTIALS } from '../../core/sandbox/sandbox';
import type { SettingName } from '../config/settingsSchema';
import { Disposable } from '../lifecycle';
import { type RunningSandbox, type SandboxHostDeps, startSandbox } from './sandboxHost';
import { SecretKeys } from '../config/secretStore';

export type ConnectionsMode = 'sandbox' | 'live';

/** Levels that need the developer's attention (and raise an alert when entered). */
export const ATTENTION_LEVELS: ReadonlySet<HealthLevel> = new Set([
  'auth_required',
  'offline',
  'sync_error',
  'inactive',
]);

const LIVE_EVENT_TYPES_KEY = 'makini.liveEventTypes';

/** The last health poll's listing failed: where, and why (until a poll lists again). */
export interface PollFailure {
  readonly apiUrl: string;
  readonly reason: string;
}

interface Session {
  readonly mode: ConnectionsMode;
  readonly apiUrl: string;
  readonly client: MakiniClient;
  readonly monitor: HealthMonitor;
  readonly sandbox?: RunningSandbox;
}

/** What the connections work with: the sandbox's needs, and state for the live event types. */
export interface ConnectionsDeps extends SandboxHostDeps {
  readonly globalState: vscode.Memento;
}

/**
 * The connections the developer watches: the embedded sandbox by default, or their Makini account
 * once connected. Owns the API client and the health monitor of the current mode.
 */
export class ConnectionsService extends Disposable {
  private session: Session | undefined;
  private starting: Promise<void> | undefined;
  private lastFailure: SupportReport | undefined;
  private pollFailed: PollFailure | undefined;
  /** Each connection's last failed status read, until one works. */
  private readonly statusErrors = new Map<string, SupportReport>();
  private readonly announced = new Set<string>();
  private index:
    { list: readonly ConnectionHealth[]; byKey: ReadonlyMap<string, ConnectionHealth> } | undefined;
  private readonly changedEmitter = this._register(new vscode.EventEmitter<string | undefined>());
  /**
   * The list, a connection's health or the mode changed; with a key, only that connection's
   * event types did.
   */
  readonly onDidChange = this.changedEmitter.event;
  /** Every change goes through here, so the index is never stale. */
  private readonly changed = {
    fire: (key?: string): void => {
      this.index = undefined;
      this.changedEmitter.fire(key);
    },
  };
  private readonly transitioned = this._register(new vscode.EventEmitter<HealthChange>());
  /** A connection moved to another level (not its first judgement). */
  readonly onDidTransition = this.transitioned.event;

  constructor(private readonly deps: ConnectionsDeps) {
    super();
    this._register(deps.receiver.onDidReceive((receipt) => this.ingest(receipt)));
    this._register(deps.settings.onDidChange((names) => void this.onSettingsChanged(names)));
  }

  get mode(): ConnectionsMode | undefined {
    return this.session?.mode;
  }

  get apiUrl(): string | undefined {
    return this.session?.apiUrl;
  }

  get sandbox(): RunningSandbox | undefined {
    return this.session?.sandbox;
  }

  /** The API client of the current mode (its tokens and retries), for reads beyond health. */
  get client(): MakiniClient | undefined {
    return this.session?.client;
  }

  /** The support report of the last failed API call, until a poll succeeds. */
  get lastError(): SupportReport | undefined {
    return this.lastFailure;
  }

  /** Why the API could not be reached on the last poll, or `undefined` when it answered. */
  get pollFailure(): PollFailure | undefined {
    return this.pollFailed;
  }

  /** The support report of the connection's own last failed call, until its status reads again. */
  lastErrorOf(key: string): SupportReport | undefined {
    return this.statusErrors.get(key);
  }

  /** The current health of every connection (read afresh: polls refine it between transitions). */
  list(): readonly ConnectionHealth[] {
    this.index = undefined;
    return this.indexed().list;
  }

  get(key: string): ConnectionHealth | undefined {
    return this.indexed().byKey.get(key);
  }

  /**
   * The monitor's snapshot indexed by key, built at each {@link list} (a tree refresh) or change:
   * a tree of thousands of connections asks for each item by key, and a scan per item would be
   * quadratic.
   */
  private indexed(): { list: readonly ConnectionHealth[]; byKey: ReadonlyMap<string, ConnectionHealth> } {
    if (!this.index) {
      const list = this.session?.monitor.snapshot() ?? [];
      this.index = { list, byKey: new Map(list.map((c) => [c.connection.key, c])) };
    }
    return this.index;
  }

  needingAttention(): readonly ConnectionHealth[] {
    return this.list().filter((c) => ATTENTION_LEVELS.has(c.level));
  }

  /** Starts in live mode when credentials are stored, else on the sandbox. */
  start(): Promise<void> {
    this.starting ??= (async () => {
      const clientId = await this.deps.secrets.get(SecretKeys.clientId);
      const clientSecret = await this.deps.secrets.get(SecretKeys.clientSecret);
      if (clientId && clientSecret) await this.openLive(clientId, clientSecret, false);
      else await this.openSandbox();
    })().finally(() => (this.starting = undefined));
    return this.starting;
  }

  /**
   * Checks the credentials against the API, stores them in secret storage and switches to them.
   * @throws MakiniApiError when the API refuses them or cannot be reached (nothing is stored).
   */
  async connect(clientId: string, clientSecret: string): Promise<void> {
    try {
      await this.openLive(clientId, clientSecret, true);
    } catch (error) {
      this.lastFailure = supportReport(error); // For "Copy Support Details".
      this.changed.fire();
      throw error;
    }
    await this.deps.secrets.store(SecretKeys.clientId, clientId);
    await this.deps.secrets.store(SecretKeys.clientSecret, clientSecret);
  }

  /** Switches to the sandbox for now, keeping stored credentials for the next start. */
  async useSandbox(): Promise<void> {
    await this.openSandbox();
  }

  /** Forgets the credentials and returns to the sandbox. */
  async disconnect(): Promise<void> {
    await this.deps.secrets.delete(SecretKeys.clientId);
    await this.deps.secrets.delete(SecretKeys.clientSecret);
    await this.openSandbox();
  }

  /** Polls every connection now. */
  async refresh(key?: string): Promise<void> {
    if (!this.session) await this.start();
    if (key) await this.session?.monitor.checkConnection(key);
    else await this.session?.monitor.pollOnce();
  }

  /** The event types a connection sends, or null for all of them. */
  eventTypes(key: string): readonly string[] | null {
    const sandbox = this.session?.sandbox;
    if (sandbox) return sandbox.sandbox.state.connection(key).eventTypes;
    return this.deps.globalState.get<Record<string, string[] | null>>(LIVE_EVENT_TYPES_KEY, {})[key] ?? null;
  }

  /** Turns one event type on or off for a connection (in the sandbox, this changes what it sends). */
  async setEventTypes(key: string, types: readonly string[] | null): Promise<void> {
    const sandbox = this.session?.sandbox;
    if (sandbox) {
      sandbox.sandbox.state.setEventTypes(key, types);
    } else {
      // Makini documents no API for this; in live mode the choice is kept here for the views.
      const all = this.deps.globalState.get<Record<string, readonly string[] | null>>(
        LIVE_EVENT_TYPES_KEY,
        {},
      );
      await this.deps.globalState.update(LIVE_EVENT_TYPES_KEY, { ...all, [key]: types });
    }
    this.changed.fire(key);
  }

  /** Where the user reconnects a connection: Makini Link's page (the sandbox's own in sandbox mode). */
  reauthorizationUrl(key: string): string {
    const sandbox = this.session?.sandbox;
    if (sandbox) return `${sandbox.url}link/reauthorize/${encodeURIComponent(key)}`;
    return `https://app.makini.io/connections/${encodeURIComponent(key)}`;
  }

  /** Stops the health monitor, the client and the sandbox, waiting for all of it (and a start in flight). */
  async shutdown(): Promise<void> {
    await this.starting?.catch(() => undefined);
    await this.close(this.session);
    this.session = undefined;
  }

  private async openSandbox(): Promise<void> {
    const sandbox = await startSandbox(this.deps);
    const client = new MakiniClient({ baseUrl: sandbox.url, ...SANDBOX_CREDENTIALS });
    await this.switchTo({
      mode: 'sandbox',
      apiUrl: sandbox.url,
      client,
      sandbox,
      monitor: this.monitorFor(client, sandbox.url),
    });
  }

  private async openLive(clientId: string, clientSecret: string, verify: boolean): Promise<void> {
    const apiUrl = this.deps.settings.value.apiUrl;
    const client = new MakiniClient({ baseUrl: apiUrl, clientId, clientSecret });
    if (verify) {
      try {
        await client.listConnections();
      } catch (error) {
        client.dispose();
        throw error;
      }
    }
    await this.switchTo({ mode: 'live', apiUrl, client, monitor: this.monitorFor(client, apiUrl) });
  }

  private monitorFor(client: MakiniClient, apiUrl: string): HealthMonitor {
    const monitor = new HealthMonitor(client, {
      intervalMs: this.deps.settings.value.pollIntervalSeconds * 1000,
      onPollError: (error) => {
        this.lastFailure = supportReport(error);
        this.pollFailed = { apiUrl, reason: failureReason(error) };
        this.deps.output.warn(`Connection health poll failed: ${errorMessage(error)}`);
        this.changed.fire();
      },
      onPollSucceeded: () => {
        if (!this.pollFailed) return;
        this.pollFailed = undefined;
        this.changed.fire();
      },
      onStatusRead: (key, error) => {
        if (error === undefined) {
          const changed = this.statusErrors.delete(key) || this.pollFailed !== undefined;
          this.pollFailed = undefined; // It answered: Makini can be reached.
          if (changed) this.changed.fire();
          return;
        }
        this.statusErrors.set(key, supportReport(error));
        // Nothing at the API's address means Makini went away, even in the middle of a poll
        // whose list call still answered: the view says so now, not a poll later.
        if (isUnreachable(error)) this.pollFailed = { apiUrl, reason: failureReason(error) };
        this.changed.fire();
      },
    });
    monitor.onChange((change) => {
      const key = change.current.connection.key;
      if (this.announced.has(key)) this.transitioned.fire(change);
      this.announced.add(key);
      this.lastFailure = undefined;
      this.changed.fire();
    });
    return monitor;
  }

  private async switchTo(next: Session): Promise<void> {
    const previous = this.session;
    this.session = next;
    this.announced.clear();
    this.lastFailure = undefined;
    this.pollFailed = undefined;
    this.statusErrors.clear();
    await this.close(previous);
    next.monitor.start();
    this.deps.output.info(`Connections: ${next.mode} mode (${next.apiUrl})`);
    this.changed.fire();
  }

  private async close(session: Session | undefined): Promise<void> {
    if (!session) return;
    await session.monitor.stop();
    session.client.dispose();
    await session.sandbox?.stop();
  }

  /** Health hears of webhooks the receiver took and that may be acted on: its verdict, not ours. */
  private ingest({ receipt, envelope }: StoredReceipt): void {
    if (!receipt.verdict.actionable || envelope === undefined) return;
    if (this.session?.monitor.ingestWebhook(envelope)) this.changed.fire();
  }

  private async onSettingsChanged(names: ReadonlySet<SettingName>): Promise<void> {
    const session = this.session;
    if (!session) return;
    const liveUrlChanged = session.mode === 'live' && names.has('apiUrl');
    if (!liveUrlChanged && !names.has('pollIntervalSeconds')) return;
    try {
      if (liveUrlChanged) {
        await this.start();
      } else {
        // Same client and sandbox, a monitor with the new interval (a stopped one cannot restart).
        const monitor = this.monitorFor(session.client, session.apiUrl);
        this.session = { ...session, monitor };
        this.announced.clear();
        await session.monitor.stop();
        monitor.start();
      }
    } catch (error) {
      this.lastFailure = supportReport(error);
      this.changed.fire();
    }
  }
}
