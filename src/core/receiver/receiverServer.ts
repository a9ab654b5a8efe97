import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { CodedError, errorMessage } from '../errors';
import type { LogStore } from '../logStore/logStore';
import { checkHostHeader } from '../net/loopback';
import { writeAnswer } from './answerWriter';
import { DuplicateDetector, type DuplicateWindow } from './duplicateDetector';
import { type Answer, type Exchange, jsonAnswer, refusal } from './exchangeOutcome';
import { FailureSimulator } from './failureSimulation';
import type { ReceiptRecord } from './receiptRecord';
import {
  checkSettings,
  DEFAULT_RECEIVER_SETTINGS,
  DEFAULT_RECEIVER_TIMEOUTS,
  type ReceiverSettings,
  type ReceiverTimeouts,
} from './receiverSettings';
import { notStored, receiptOf } from './exchangeReceipt';
import type { ExchangeContext } from './exchangeContext';
import { handleWebhook } from './webhookExchange';

export interface ReceiverOptions {
  readonly settings?: Partial<ReceiverSettings>;
  readonly timeouts?: Partial<ReceiverTimeouts>;
  readonly duplicateWindow?: DuplicateWindow;
  /**
   * Where receipts are kept. Each is written (write(2) has returned) before its request is
   * answered, so whatever a sender saw acknowledged survives the receiver's death. A function
   * opens it on the first request instead (reading a long log should not hold up a start).
   * Without a store, receipts are only announced.
   */
  readonly store?: LogStore<ReceiptRecord> | (() => LogStore<ReceiptRecord>);
  /** Problems that do not stop the receiver (a receipt that could not be stored). */
  readonly onWarning?: (message: string) => void;
}

export interface ListenOptions {
  /** Default 0: a random free port. */
  readonly port?: number;
  /** Default 127.0.0.1: nothing outside this machine can reach the receiver. */
  readonly host?: string;
  /** Only this path takes webhooks (others answer 404); default: every path. */
  readonly path?: string;
}

/** A receipt once stored, and the envelope its body held (parsed once, by the receiver). */
export interface StoredReceipt {
  readonly receipt: ReceiptRecord;
  /** The parsed body, when it was JSON; `unknown` until a reader validates what it needs. */
  readonly envelope?: unknown;
}

export interface Subscription {
  dispose(): void;
}

export type ReceiverErrorCode = 'alreadyStarted' | 'listenFailed';

export class ReceiverError extends CodedError<ReceiverErrorCode> {
  override readonly name = 'ReceiverError';
}

const HEALTH_PATH = '/healthz';

/**
 * A local stand-in for a developer's webhook endpoint that verifies, checks and records every
 * request. Embeddable: the editor starts and stops it and changes its settings while it runs.
 */
export class ReceiverServer {
  private settings: ReceiverSettings;
  private readonly timeouts: ReceiverTimeouts;
  private readonly duplicates: DuplicateDetector;
  private readonly simulator: FailureSimulator;
  private readonly listeners = new Set<(stored: StoredReceipt) => void>();
  private readonly hopId = randomBytes(6).toString('base64url');
  private server: http.Server | undefined;
  private abort = new AbortController();
  private path: string | undefined;
  private host = '127.0.0.1';
  private baseUrl: string | undefined;
  private openedStore: LogStore<ReceiptRecord> | undefined;

  /** @throws ReceiverSettingsError when a setting cannot be applied. */
  constructor(private readonly options: ReceiverOptions = {}) {
    this.settings = { ...DEFAULT_RECEIVER_SETTINGS, ...options.settings };
    checkSettings(this.settings);
    this.timeouts = { ...DEFAULT_RECEIVER_TIMEOUTS, ...options.timeouts };
    this.duplicates = new DuplicateDetector(options.duplicateWindow);
    this.simulator = new FailureSimulator(this.settings.simulation);
  }

  /** The URL webhooks should be sent to while running. */
  get url(): string | undefined {
    return this.baseUrl;
  }

  get currentSettings(): ReceiverSettings {
    return this.settings;
  }

  /**
   * Applies new settings to the next requests (secrets, scheme, simulation, forward target...).
   * @throws ReceiverSettingsError when a setting cannot be applied; the old settings stay.
   */
  update(changes: Partial<ReceiverSettings>): void {
    const next = { ...this.settings, ...changes };
    checkSettings(next);
    if (changes.simulation !== undefined) this.simulator.update(changes.simulation);
    this.settings = next;
  }

  /** Calls `listener` with every receipt once it is stored (or could not be: then it says so). */
  onStored(listener: (stored: StoredReceipt) => void): Subscription {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /**
   * Starts listening and answers the URL to send webhooks to.
   * @throws ReceiverError `listenFailed` when the port is taken or the host is not this machine's;
   * `alreadyStarted` when running.
   */
  async start(listen: ListenOptions = {}): Promise<string> {
    if (this.server) throw new ReceiverError('alreadyStarted', 'The receiver is already running.');
    this.host = listen.host ?? '127.0.0.1';
    this.path = listen.path === undefined ? undefined : `/${listen.path.replace(/^\/+/, '')}`;
    this.abort = new AbortController();
    const server = this.createServer();
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(listen.port ?? 0, this.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
    } catch (error) {
      const message = `Cannot listen on ${this.host}:${listen.port ?? 0}: ${errorMessage(error)}.`;
      throw new ReceiverError('listenFailed', message, { cause: error });
    }
    this.server = server;
    const { port } = server.address() as AddressInfo;
    const shownHost = this.host.includes(':') ? `[${this.host}]` : this.host;
    this.baseUrl = `http://${shownHost}:${port}${this.path ?? '/'}`;
    return this.baseUrl;
  }

  /** Stops listening, ends pending delays and relays, closes every socket, and waits for close. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.baseUrl = undefined;
    this.abort.abort();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }

  private createServer(): http.Server {
    const headersTimeout = Math.max(1000, this.timeouts.bodyTimeoutMs);
    const server = http.createServer(
      {
        headersTimeout,
        // node's own backstop behind readBody's: the whole request, headers and body.
        requestTimeout: headersTimeout + this.timeouts.bodyTimeoutMs,
        keepAliveTimeout: this.timeouts.keepAliveTimeoutMs,
        connectionsCheckingInterval: Math.min(30_000, Math.max(250, this.timeouts.bodyTimeoutMs / 2)),
      },
      (request, response) => void this.dispatch(request, response),
    );
    server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) =>
      this.onClientError(error, socket),
    );
    return server;
  }

  private onClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
    // Bytes after a request that said `connection: close` are not a request of their own: that
    // request's answer is still to come, and a 400 here would overtake what the log records.
    if (error.code === 'HPE_CLOSED_CONNECTION') return;
    if (socket.writable) {
      socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      setTimeout(() => socket.destroy(), this.timeouts.lingerMs).unref();
    } else socket.destroy();
  }

  private async dispatch(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const started = performance.now();
    const time = new Date().toISOString();
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    let exchange: Exchange;
    try {
      const host = checkHostHeader(request.headers.host, this.host, this.settings.publicHosts);
      if (!host.ok) exchange = refusal(421, 'misdirected_request', host.message, true);
      else if (path === HEALTH_PATH && (request.method === 'GET' || request.method === 'HEAD')) {
        // Health probes are not webhooks: they are not recorded.
        writeAnswer(response, jsonAnswer(200, { ok: true }), this.timeouts.lingerMs);
        return;
      } else exchange = await this.route(request, path);
    } catch (error) {
      // Nothing should reach here; if it does, the client still gets an answer and the server lives.
      exchange = refusal(500, 'receiver_error', `The receiver failed: ${errorMessage(error)}.`, true);
    }
    const receipt = { ...receiptOf(request, path, time, exchange), durationMs: elapsed(started) };
    const answer = await this.store(receipt, exchange.answer);
    const stored = answer === exchange.answer;
    if (answer) writeAnswer(response, answer, this.timeouts.lingerMs);
    if (stored && exchange.acceptedKey !== undefined) this.duplicates.remember(exchange.acceptedKey);
    this.announce({ receipt: stored ? receipt : notStored(receipt, answer), envelope: exchange.envelope });
  }

  private route(request: http.IncomingMessage, path: string): Promise<Exchange> | Exchange {
    if (this.path !== undefined && path !== this.path)
      return refusal(404, 'not_found', `Webhooks go to ${this.path}, not ${path}.`);
    if (request.method !== 'POST') {
      const message = `Webhooks are sent with POST, not ${request.method ?? '?'}.`;
      const refused = refusal(405, 'method_not_allowed', message);
      return refused.answer
        ? { ...refused, answer: { ...refused.answer, headers: { ...refused.answer.headers, allow: 'POST' } } }
        : refused;
    }
    return handleWebhook(this.exchangeContext(), request);
  }

  /**
   * Writes the receipt before its answer goes out. When it cannot be written, the answer becomes
   * a 503, so the sender tries again rather than believe it was taken.
   */
  private async store(receipt: ReceiptRecord, answer: Answer | undefined): Promise<Answer | undefined> {
    if (!this.options.store) return answer;
    try {
      this.openedStore ??=
        typeof this.options.store === 'function' ? this.options.store() : this.options.store;
      await this.openedStore.append(receipt);
      return answer;
    } catch (error) {
      this.options.onWarning?.(`A receipt could not be stored: ${errorMessage(error)}`);
      if (!answer) return undefined;
      const message = `The receiver could not write this webhook to its log (${errorMessage(error)}), so it was not taken; send it again.`;
      return jsonAnswer(503, { error: 'not_stored', message }, answer.close);
    }
  }

  private exchangeContext(): ExchangeContext {
    return {
      settings: this.settings,
      timeouts: this.timeouts,
      duplicates: this.duplicates,
      simulator: this.simulator,
      hopId: this.hopId,
      signal: this.abort.signal,
    };
  }

  private announce(stored: StoredReceipt): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(stored);
      } catch (error) {
        this.options.onWarning?.(`A receipt listener failed: ${errorMessage(error)}`);
      }
    }
  }
}

const elapsed = (started: number): number => Math.round((performance.now() - started) * 100) / 100;
