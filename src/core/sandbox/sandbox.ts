import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { demoConnections, generatedConnections } from './demoData';
import { FaultInjector, NO_FAULTS, type FaultPlan } from './faults';
import type { LifeRates } from './lifeRates';
import { LifeTicker } from './lifeTicker';
import { changeARecord } from './openapi/lifeEntityChange';
import { LinkGrants } from './linkGrants';
import { ReauthorizePage } from './reauthorizePage';
import type { SandboxContext, SandboxCredentials } from './sandboxContext';
import { SandboxError } from './sandboxErrors';
import type { SandboxChange, SandboxConnection } from './sandboxModels';
import { handleRequest, type AnsweredRequest } from './sandboxRequestHandler';
import { answerClientErrors, DEFAULT_TIMEOUTS, serverOptions, type SandboxTimeouts } from './sandboxSockets';
import { SandboxState } from './sandboxState';
import { DEFAULT_RECORDS, MAX_RECORDS, SandboxData } from './openapi/sandboxData';
import { SandboxTokens } from './sandboxTokens';
import { connectionSends, webhookForChange } from './sandboxWebhooks';
import { seededRandom } from '../random/seededRandom';
import type { SandboxDelivery, WebhookDispatcher } from './webhookDispatcher';

/** The sandbox's own demo credentials: not secret, they only open this local emulator. */
export const SANDBOX_CREDENTIALS: SandboxCredentials = {
  clientId: 'makini-sandbox',
  clientSecret: 'sandbox-secret-not-for-production',
};

export interface SandboxOptions {
  readonly credentials?: SandboxCredentials;
  /** Generate this many connections instead of the eight demo ones. */
  readonly connections?: number;
  /** Makes demo data, EAM data, life and drawn faults repeatable. */
  readonly seed?: number;
  /**
   * How many records the larger EAM collections hold per connection ({@link DEFAULT_RECORDS} by
   * default); records are generated when asked for, so a large number costs no memory.
   */
  readonly records?: number;
  /** Milliseconds between life steps; 0 (the default) keeps the sandbox still. */
  readonly tickMs?: number;
  /** How often things happen on a life step (`parseLifeSpec`; calm by default). */
  readonly life?: LifeRates;
  /** Changes one record of a connection's data when a life step asks for it (by default one of its EAM records). */
  readonly onEntityChange?: (connectionKey: string) => void;
  readonly faults?: FaultPlan;
  /** Sends the sandbox's webhooks; without one, changes send nothing. */
  readonly dispatcher?: WebhookDispatcher;
  /** How long `POST /link/token`'s access tokens last, every grant (default 30 days). */
  readonly adminTokenTtlSeconds?: number;
  /** How long its refresh tokens last (default 31 days). */
  readonly refreshTokenTtlSeconds?: number;
  /** How long `POST /api/system/connections/{id}/token`'s tokens last (default 300 s). */
  readonly connectionTokenTtlSeconds?: number;
  readonly now?: () => number;
  /** How long the server waits on clients; each defaults to {@link DEFAULT_TIMEOUTS}. */
  readonly timeouts?: Partial<SandboxTimeouts>;
}

/** @throws SandboxError `invalid_value` for a record count out of range. */
function checkRecords(records: number): number {
  if (Number.isInteger(records) && records >= 1 && records <= MAX_RECORDS) return records;
  throw new SandboxError(
    'invalid_value',
    `records takes a whole number from 1 to ${MAX_RECORDS}, got ${records}.`,
  );
}

/** Something the sandbox did: a state change, a webhook attempt / final delivery, an answered request. */
export type SandboxEvent =
  | { readonly type: 'change'; readonly change: SandboxChange; readonly connection: SandboxConnection }
  | { readonly type: 'delivery'; readonly delivery: SandboxDelivery; readonly final: boolean }
  | { readonly type: 'request'; readonly request: AnsweredRequest };

const MAX_DELIVERIES = 1000;

/**
 * A local Makini: a real HTTP server answering Makini's system API with demo data, control
 * endpoints under `/_sandbox/`, a reauthorization page, life on a tick, faults and webhooks.
 * Embed it with `start()` / `stop()`, read and change it through `state`, watch it with `onEvent`.
 */
export class Sandbox {
  readonly state: SandboxState;
  readonly faults: FaultInjector;
  readonly tokens: SandboxTokens;
  readonly credentials: SandboxCredentials;
  /** Every connection's EAM data, as the API serves it. */
  readonly data: SandboxData;
  private readonly context: SandboxContext;
  private readonly ticker: LifeTicker;
  private readonly listeners = new Set<(event: SandboxEvent) => void>();
  private readonly deliveryLog: SandboxDelivery[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();
  private server: Server | undefined;
  private reauthorize: ReauthorizePage | undefined;
  private abort = new AbortController();
  private baseUrl = '';

  constructor(private readonly options: SandboxOptions = {}) {
    const now = options.now ?? Date.now;
    const seed = options.seed ?? Math.floor(Math.random() * 2 ** 32);
    const random = seededRandom(seed);
    const connections =
      options.connections === undefined
        ? demoConnections(random, now())
        : generatedConnections(random, options.connections, now());
    this.state = new SandboxState(connections, now);
    this.data = new SandboxData({
      seed,
      records: checkRecords(options.records ?? DEFAULT_RECORDS),
      anchorMs: now(),
      connectionKeys: connections.map((c) => c.key),
    });
    this.faults = new FaultInjector(options.faults ?? NO_FAULTS, random);
    this.tokens = new SandboxTokens(now);
    this.credentials = options.credentials ?? SANDBOX_CREDENTIALS;
    // Life draws from its own stream, so requests (which draw faults) do not change its course.
    const lifeRandom = seededRandom((seed + 0x9e3779b9) >>> 0);
    this.ticker = new LifeTicker(this.state, lifeRandom, {
      tickMs: options.tickMs ?? 0,
      ...(options.life ? { rates: options.life } : {}),
      // A record of the connection's data changes and comes back as its entity webhook.
      onEntityChange:
        options.onEntityChange ?? ((key) => changeARecord(this.data, this.state, key, lifeRandom, now)),
    });
    this.context = {
      state: this.state,
      tokens: this.tokens,
      faults: this.faults,
      link: new LinkGrants({ now, refreshTtlSeconds: options.refreshTokenTtlSeconds }),
      credentials: this.credentials,
      adminTokenTtlSeconds: options.adminTokenTtlSeconds ?? 30 * 86_400,
      connectionTokenTtlSeconds: options.connectionTokenTtlSeconds ?? 300,
      data: this.data,
      now,
      baseUrl: () => this.baseUrl,
    };
    this.state.onChange((change, connection) => this.changed(change, connection));
  }

  /** The base URL (with a trailing slash) while running. */
  get url(): string | undefined {
    return this.server ? `${this.baseUrl}/` : undefined;
  }

  /**
   * Starts listening (default 127.0.0.1 on a random port); resolves to the base URL.
   * @throws SandboxError `already_running`; the listen error when the port is taken.
   */
  async start(listen: { port?: number; host?: string } = {}): Promise<string> {
    if (this.server)
      throw new SandboxError('already_running', `The sandbox is already running at ${this.baseUrl}/.`);
    this.abort = new AbortController();
    const timeouts = { ...DEFAULT_TIMEOUTS, ...this.options.timeouts };
    const boundHost = listen.host ?? '127.0.0.1';
    const reauthorize = new ReauthorizePage(this.options.now);
    const hooks = { snapshot: () => this.snapshot(), deliveries: () => this.deliveries() };
    const deps = {
      ctx: this.context,
      hooks,
      reauthorize,
      signal: this.abort.signal,
      boundHost,
      lingerMs: timeouts.lingerMs,
      onAnswered: (request: AnsweredRequest) => this.emit({ type: 'request', request }),
    };
    const server = createServer(serverOptions(timeouts), (req, res) => void handleRequest(deps, req, res));
    answerClientErrors(server, timeouts.lingerMs);
    server.listen(listen.port ?? 0, boundHost);
    await once(server, 'listening');
    const address = server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    this.baseUrl = `http://${host}:${address.port}`;
    this.server = server;
    this.reauthorize = reauthorize;
    this.ticker.start();
    return `${this.baseUrl}/`;
  }

  /** Stops life, closes every connection (hung ones too), and waits for webhooks in flight. */
  async stop(): Promise<void> {
    this.ticker.stop();
    this.abort.abort();
    const server = this.server;
    this.server = undefined;
    if (server) {
      const closed = once(server, 'close');
      server.close();
      server.closeAllConnections();
      await closed;
    }
    await this.options.dispatcher?.dispose();
    await Promise.allSettled([...this.inFlight]);
  }

  /** How many client connections the server holds open (0 when stopped); rejects with the server's error if it cannot count them. */
  async openConnections(): Promise<number> {
    const server = this.server;
    if (!server) return 0;
    return new Promise((resolve, reject) =>
      server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
    );
  }

  /** Takes `steps` life steps now, whether or not life runs on a tick (tests, and tools that step it). */
  stepLife(steps = 1): void {
    for (let i = 0; i < steps; i++) this.ticker.tick();
  }

  /** How many rendered reauthorization forms can still be posted. */
  get reauthorizeNonces(): number {
    return this.reauthorize?.size ?? 0;
  }

  /** Calls `listener` for every state change and webhook delivery; answers an unsubscribe. */
  onEvent(listener: (event: SandboxEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The webhook deliveries so far, oldest first (the last 1,000). */
  deliveries(): readonly SandboxDelivery[] {
    return [...this.deliveryLog];
  }

  /** Resolves once every webhook sent so far has its final delivery record. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** The state as `GET /_sandbox/state` shows it. */
  snapshot(): {
    url: string | undefined;
    connections: readonly SandboxConnection[];
    faults: FaultPlan;
    deliveries: number;
  } {
    return {
      url: this.url,
      connections: this.state.connections(),
      faults: this.faults.current,
      deliveries: this.deliveryLog.length,
    };
  }

  private changed(change: SandboxChange, connection: SandboxConnection): void {
    this.emit({ type: 'change', change, connection });
    const dispatcher = this.options.dispatcher;
    const now = new Date((this.options.now ?? Date.now)());
    const webhook = webhookForChange(change, connection, { baseUrl: this.baseUrl, now });
    if (!dispatcher || !webhook || !connectionSends(connection, webhook.type)) return;
    const sending = dispatcher
      .dispatch(webhook, (attempt) => this.emit({ type: 'delivery', delivery: attempt, final: false }))
      .then((delivery) => {
        this.deliveryLog.push(delivery);
        if (this.deliveryLog.length > MAX_DELIVERIES) this.deliveryLog.shift();
        this.emit({ type: 'delivery', delivery, final: true });
      })
      .finally(() => this.inFlight.delete(sending));
    this.inFlight.add(sending);
  }

  private emit(event: SandboxEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
