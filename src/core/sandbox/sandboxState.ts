import type { SystemErrorData } from '../events/systemEvents';
import { SandboxError } from './sandboxErrors';
import {
  SYNC_STATUSES,
  type SandboxChange,
  type SandboxConnection,
  type SyncOutcome,
  type SyncStatus,
} from './sandboxModels';

export type ChangeListener = (change: SandboxChange, connection: SandboxConnection) => void;

/**
 * The sandbox's connections and every operation that changes them. Each operation emits one
 * {@link SandboxChange}; the sandbox turns changes into webhooks and output lines.
 */
export class SandboxState {
  private readonly byKey = new Map<string, SandboxConnection>();
  private readonly listeners = new Set<ChangeListener>();
  // Listing pages read every connection; the list is rebuilt only after a change.
  private list: readonly SandboxConnection[] | undefined;

  constructor(
    connections: readonly SandboxConnection[],
    private readonly now: () => number = Date.now,
  ) {
    for (const c of connections) this.byKey.set(c.key, c);
  }

  /** Every connection, in creation order. */
  connections(): readonly SandboxConnection[] {
    this.list ??= [...this.byKey.values()];
    return this.list;
  }

  /**
   * One connection.
   * @throws SandboxError `unknown_connection` when no connection has that key.
   */
  connection(key: string): SandboxConnection {
    const found = this.byKey.get(key);
    if (!found) throw new SandboxError('unknown_connection', `No sandbox connection with key '${key}'.`);
    return found;
  }

  /** Calls `listener` after every change; answers a function that unsubscribes. */
  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Sets a connection's status. Any text is accepted, so clients can be tried on unknown values.
   * @throws SandboxError `unknown_connection`, or `invalid_value` for an empty status.
   */
  setStatus(key: string, status: string): void {
    const previous = this.connection(key).status;
    if (status.trim() === '') throw new SandboxError('invalid_value', 'A status must not be empty.');
    this.update(key, { status }, { kind: 'status', key, status, previous });
  }

  /**
   * Sets the sync status without running a sync.
   * @throws SandboxError `unknown_connection`, or `invalid_value` for a value Makini does not use.
   */
  setSyncStatus(key: string, syncStatus: string): void {
    this.connection(key);
    const value = parseSyncStatus(syncStatus);
    const change: SandboxChange =
      value === 'inprogress' ? { kind: 'sync_started', key } : { kind: 'sync_finished', key, outcome: value };
    this.update(key, { syncStatus: value, syncUpdatedAt: this.isoNow() }, change);
  }

  /**
   * Marks the customer system reachable or not.
   * @throws SandboxError `unknown_connection`.
   */
  setOnline(key: string, online: boolean): void {
    this.connection(key);
    this.update(key, { online }, { kind: 'online', key, online });
  }

  /**
   * Starts a sync (`inprogress`), then finishes it with `outcome` unless `outcome` is omitted.
   * A connection whose credentials were rotated always ends in `fail`.
   * @throws SandboxError `unknown_connection`.
   */
  runSync(key: string, outcome?: SyncOutcome): void {
    this.update(
      key,
      { syncStatus: 'inprogress', syncUpdatedAt: this.isoNow() },
      { kind: 'sync_started', key },
    );
    if (outcome === undefined) return;
    const final: SyncStatus = this.connection(key).credentialsValid ? outcome : 'fail';
    this.update(
      key,
      { syncStatus: final, syncUpdatedAt: this.isoNow() },
      { kind: 'sync_finished', key, outcome: final },
    );
  }

  /**
   * The customer changed the system's password: syncs now fail until the connection is reauthorized.
   * @throws SandboxError `unknown_connection`.
   */
  rotateCredentials(key: string): void {
    this.connection(key);
    this.update(
      key,
      { credentialsValid: false, syncStatus: 'fail', syncUpdatedAt: this.isoNow() },
      { kind: 'credentials_rotated', key },
    );
  }

  /**
   * What Makini Link's Reconnect does: credentials work again, the connection is Active and synced.
   * @throws SandboxError `unknown_connection`.
   */
  reauthorize(key: string): void {
    const at = this.isoNow();
    this.update(
      key,
      {
        credentialsValid: true,
        status: 'Active',
        online: true,
        syncStatus: 'done',
        syncUpdatedAt: at,
        connectedAt: at,
      },
      { kind: 'reauthorized', key },
    );
  }

  /**
   * Sets which event types a connection sends (`null`: all).
   * @throws SandboxError `unknown_connection`.
   */
  setEventTypes(key: string, eventTypes: readonly string[] | null): void {
    this.connection(key);
    const copy = eventTypes === null ? null : [...new Set(eventTypes)];
    this.update(key, { eventTypes: copy }, { kind: 'event_types', key, eventTypes: copy });
  }

  /**
   * Makes a connection read-only (writes answer success and change nothing), or writable again.
   * @throws SandboxError `unknown_connection`.
   */
  setReadOnly(key: string, readOnly: boolean): void {
    this.connection(key);
    this.update(key, { readOnly }, { kind: 'read_only', key, readOnly });
  }

  /**
   * Adds a connection (POST /api/system/connections).
   * @throws SandboxError `invalid_value` when its key is taken.
   */
  addConnection(connection: SandboxConnection): void {
    if (this.byKey.has(connection.key))
      throw new SandboxError('invalid_value', `A connection with key '${connection.key}' exists.`);
    this.byKey.set(connection.key, connection);
    this.list = undefined;
    for (const listener of this.listeners) listener({ kind: 'created', key: connection.key }, connection);
  }

  /**
   * Removes a connection (DELETE /api/system/connections/{id}, DELETE /api/integrations/current).
   * @throws SandboxError `unknown_connection`.
   */
  removeConnection(key: string): void {
    const removed = this.connection(key);
    this.byKey.delete(key);
    this.list = undefined;
    for (const listener of this.listeners) listener({ kind: 'deleted', key }, removed);
  }

  /**
   * A record of a connection's EAM data was inserted or updated: announced as its entity event.
   * @throws SandboxError `unknown_connection`.
   */
  recordChanged(change: Omit<Extract<SandboxChange, { kind: 'entity' }>, 'kind'>): void {
    this.update(change.key, {}, { kind: 'entity', ...change });
  }

  /**
   * A Makini Flow sends a custom webhook for a connection (no state changes).
   * @throws SandboxError `unknown_connection`.
   */
  triggerFlow(key: string, flow: string, payload: Readonly<Record<string, unknown>>): void {
    this.update(key, {}, { kind: 'flow', key, flow, payload });
  }

  /**
   * Makini hit an error serving a connection (no state changes; sent as a `system.error`).
   * @throws SandboxError `unknown_connection`.
   */
  reportSystemError(key: string, report: SystemErrorData): void {
    this.update(key, {}, { kind: 'system_error', key, report });
  }

  private update(key: string, patch: Partial<SandboxConnection>, change: SandboxChange): void {
    const current = this.connection(key);
    const next: SandboxConnection =
      Object.keys(patch).length === 0 ? current : { ...current, ...patch, updatedAt: this.isoNow() };
    this.byKey.set(key, next);
    this.list = undefined;
    for (const listener of this.listeners) listener(change, next);
  }

  private isoNow(): string {
    return new Date(this.now()).toISOString();
  }
}

/**
 * Checks a sync status against Makini's documented values.
 * @throws SandboxError `invalid_value` naming the allowed values.
 */
export function parseSyncStatus(value: string): SyncStatus {
  const found = SYNC_STATUSES.find((s) => s === value);
  if (!found) {
    throw new SandboxError(
      'invalid_value',
      `Unknown sync status '${value}'; use one of ${SYNC_STATUSES.join(', ')}.`,
    );
  }
  return found;
}
