import type { Connection, Integration } from '../api/models';
import { forEachBounded } from '../async/boundedConcurrency';
import { healthEventFromWebhook } from './healthEvents';
import type { Health, HealthEvent, HealthFacts, HealthLevel } from './healthLevel';
import { evaluateHealth } from './healthRules';

/** Where the monitor reads connections from (the Makini client fits). */
export interface HealthSource {
  listConnections(options: { signal?: AbortSignal }): Promise<readonly Connection[]>;
  getIntegration(connectionId: string, options: { signal?: AbortSignal }): Promise<Integration>;
}

export interface HealthMonitorOptions {
  /** Between polls; default 60 s. */
  readonly intervalMs?: number;
  /** Status calls at once; default 4. */
  readonly concurrency?: number;
  /** Observations in a row a new level needs before it is announced; default 2. */
  readonly confirmations?: number;
  readonly offlineAfterFailures?: number;
  /** Longest wait between polls while the API fails; default 15 min. */
  readonly maxBackoffMs?: number;
  readonly now?: () => number;
  /** Told of each failed poll (the monitor keeps going). */
  readonly onPollError?: (error: unknown) => void;
  /** Told of each poll whose listing the API answered. */
  readonly onPollSucceeded?: () => void;
  /** Told of each connection status read: the error when it failed, nothing when it worked. */
  readonly onStatusRead?: (key: string, error?: unknown) => void;
}

/** A connection's health as the monitor last judged it. */
export interface ConnectionHealth extends Health {
  readonly connection: Connection;
  readonly syncStatus?: string;
  /** When this level was announced. */
  readonly since: number;
}

/** One announced transition. */
export interface HealthChange {
  readonly key: string;
  readonly previous: HealthLevel;
  /** Whether the previous level was a webhook's news, not yet checked against the API. */
  readonly previousChecking: boolean;
  readonly current: ConnectionHealth;
}

/** A webhook's news, kept until the API has been read after it arrived. */
interface PendingEvent {
  readonly event: HealthEvent;
  /** Arrival order, to tell which events a status read already answered. */
  readonly seq: number;
}

interface Tracked {
  connection: Connection;
  syncStatus?: string;
  syncUpdatedAt?: number;
  events: PendingEvent[];
  failures: number;
  health: ConnectionHealth | undefined;
  candidate?: HealthLevel;
  seen: number;
}

/**
 * Polls connection health at an interval with bounded concurrency, takes webhook events as they
 * arrive, and announces each transition once: a new level must hold for `confirmations`
 * observations in a row, so a flapping connection does not raise a storm of alerts.
 */
export class HealthMonitor {
  private readonly tracked = new Map<string, Tracked>();
  private readonly listeners = new Set<(change: HealthChange) => void>();
  private readonly abort = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private readonly checks = new Set<Promise<void>>();
  private apiFailures = 0;
  private running = false;
  private seq = 0;

  constructor(
    private readonly source: HealthSource,
    private readonly options: HealthMonitorOptions = {},
  ) {}

  /** Polls now, then every interval (longer while the API fails), until `stop()` (final). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  /** Stops polling and waits for a poll in progress to end. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.abort.abort();
    await Promise.all([this.polling, ...this.checks]);
  }

  /** Calls `listener` for each announced transition; answers an unsubscribe. */
  onChange(listener: (change: HealthChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every connection's current health, in listing order. */
  snapshot(): readonly ConnectionHealth[] {
    return [...this.tracked.values()].map((t) => t.health ?? this.notReadYet(t));
  }

  /**
   * A listed connection whose first status read has not answered yet (an offline system's can
   * take its retries): shown as unknown, never announced, so it is in the list from the start.
   */
  private notReadYet(tracked: Tracked): ConnectionHealth {
    return {
      connection: tracked.connection,
      syncStatus: undefined,
      level: 'unknown',
      reason: 'Not checked yet: its status is being read.',
      since: (this.options.now ?? Date.now)(),
      checking: true,
    };
  }

  /** One poll: list connections, read each one's status, judge them all. Never rejects. */
  pollOnce(): Promise<void> {
    this.polling ??= this.poll().finally(() => (this.polling = undefined));
    return this.polling;
  }

  /**
   * Takes a webhook envelope (still `unknown`); answers whether health used it (events for
   * connections not listed yet are ignored). A webhook only says "check this connection": its news
   * counts ("reported by webhook, checking…") until the connection's status is next read, and from
   * then on the API's answer alone decides. While running, that read happens at once.
   */
  ingestWebhook(envelope: unknown): boolean {
    const fact = healthEventFromWebhook(envelope);
    if (!fact) return false;
    const tracked = this.tracked.get(fact.connectionId);
    if (!tracked) return false;
    const pending = { event: fact.event, seq: ++this.seq };
    tracked.events = [...tracked.events.filter((e) => e.event.type !== fact.event.type), pending];
    this.judge(tracked);
    if (this.running) {
      // The webhook and the API read are two observations: what the API says is announced at once.
      const check = this.readStatus(tracked, this.abort.signal, true).finally(() =>
        this.checks.delete(check),
      );
      this.checks.add(check);
    }
    return true;
  }

  /** Re-reads one listed connection's status and judges it. Never rejects. */
  async checkConnection(key: string): Promise<void> {
    const tracked = this.tracked.get(key);
    if (tracked) await this.readStatus(tracked, this.abort.signal);
  }

  private async poll(): Promise<void> {
    const signal = this.abort.signal;
    let connections: readonly Connection[];
    try {
      connections = await this.source.listConnections({ signal });
      this.apiFailures = 0;
      this.options.onPollSucceeded?.();
    } catch (error) {
      if (signal.aborted) return;
      this.apiFailures++;
      this.options.onPollError?.(error);
      for (const tracked of this.tracked.values()) this.judge(tracked, true);
      return;
    }
    const keys = new Set(connections.map((c) => c.key));
    for (const key of this.tracked.keys()) if (!keys.has(key)) this.tracked.delete(key);
    const list = connections.map((c) => this.track(c));
    await forEachBounded(list, this.options.concurrency ?? 4, (tracked) => this.readStatus(tracked, signal));
  }

  private async readStatus(tracked: Tracked, signal: AbortSignal, confirmed = false): Promise<void> {
    const key = tracked.connection.key;
    const answered = this.seq; // Webhooks that arrived before this read are answered by it.
    let failure: { error: unknown } | undefined;
    try {
      const integration = await this.source.getIntegration(key, { signal });
      tracked.syncStatus = integration.syncStatus;
      const at = integration.syncUpdatedAt === undefined ? NaN : Date.parse(integration.syncUpdatedAt);
      tracked.syncUpdatedAt = Number.isNaN(at) ? undefined : at;
      tracked.failures = 0;
      tracked.events = tracked.events.filter((e) => e.seq > answered);
    } catch (error) {
      if (signal.aborted) return;
      tracked.failures++;
      failure = { error };
    }
    this.judge(tracked, false, confirmed);
    this.options.onStatusRead?.(key, failure?.error);
  }

  private track(connection: Connection): Tracked {
    const existing = this.tracked.get(connection.key);
    if (existing) {
      existing.connection = connection;
      return existing;
    }
    const created: Tracked = { connection, events: [], failures: 0, health: undefined, seen: 0 };
    this.tracked.set(connection.key, created);
    return created;
  }

  private judge(tracked: Tracked, apiUnreachable = false, confirmed = false): void {
    const facts: HealthFacts = {
      status: tracked.connection.status,
      syncStatus: tracked.syncStatus,
      syncUpdatedAt: tracked.syncUpdatedAt,
      events: tracked.events.map((e) => e.event),
      consecutiveFailures: tracked.failures,
      apiUnreachable,
    };
    const { level, reason, checking } = evaluateHealth(facts, {
      offlineAfterFailures: this.options.offlineAfterFailures,
    });
    const now = (this.options.now ?? Date.now)();
    const current = tracked.health;
    if (current?.level === level) {
      tracked.candidate = undefined;
      const health = {
        ...current,
        connection: tracked.connection,
        syncStatus: tracked.syncStatus,
        reason,
        checking,
      };
      tracked.health = health;
      // The API confirmed what a webhook reported: announced, so alerts can now trust it.
      if (current.checking && !checking) this.announce(current, health);
      return;
    }
    tracked.seen = tracked.candidate === level ? tracked.seen + 1 : 1;
    tracked.candidate = level;
    // The first judgement is announced at once: there is nothing yet to flap from.
    if (current !== undefined && !confirmed && tracked.seen < (this.options.confirmations ?? 2)) return;
    tracked.candidate = undefined;
    const health = {
      connection: tracked.connection,
      syncStatus: tracked.syncStatus,
      level,
      reason,
      since: now,
      checking,
    };
    tracked.health = health;
    this.announce(current, health);
  }

  private announce(previous: ConnectionHealth | undefined, current: ConnectionHealth): void {
    const change: HealthChange = {
      key: current.connection.key,
      previous: previous?.level ?? 'unknown',
      previousChecking: previous?.checking ?? false,
      current,
    };
    for (const listener of this.listeners) listener(change);
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      void this.pollOnce().then(() => this.schedule(this.nextDelay()));
    }, delayMs);
  }

  private nextDelay(): number {
    const interval = this.options.intervalMs ?? 60_000;
    if (this.apiFailures === 0) return interval;
    return Math.min(this.options.maxBackoffMs ?? 900_000, interval * 2 ** this.apiFailures);
  }
}
