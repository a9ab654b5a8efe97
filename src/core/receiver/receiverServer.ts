import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorMessage } from '../errors';
import type { LogStore, Subscription } from '../logStore/logStore';
import { DuplicateDetector, type DuplicateWindow } from './duplicateDetector';
import { FailureSimulator } from './failureSimulation';
import type { ReceiptRecord } from './receiptRecord';
import {
  checkSettings,
  DEFAULT_RECEIVER_SETTINGS,
  DEFAULT_RECEIVER_TIMEOUTS,
  type ReceiverSettings,
  type ReceiverTimeouts,
} from './receiverSettings';
import { refuse } from './answers';
import { newReceiptId, recordedHeaders } from './requestFacts';
import { type ExchangeResult, handleWebhook } from './webhookExchange';

export interface ReceiverOptions {
  readonly settings?: Partial<ReceiverSettings>;
  readonly timeouts?: Partial<ReceiverTimeouts>;
  readonly duplicateWindow?: DuplicateWindow;
  /** Where receipts are kept; without one they are only announced to listeners. */
  readonly store?: LogStore<ReceiptRecord>;
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

export class ReceiverError extends Error {
  override readonly name = 'ReceiverError';
  constructor(
    readonly code: 'alreadyStarted' | 'listenFailed',
    message: string,
  ) {
    super(message);
  }
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
  private readonly listeners = new Set<(receipt: ReceiptRecord) => void>();
  private server: http.Server | undefined;
  private abort = new AbortController();
  private path: string | undefined;
  private baseUrl: string | undefined;

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

  /** Calls `listener` with every receipt, after it is stored. */
  onReceipt(listener: (receipt: ReceiptRecord) => void): Subscription {
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
    const host = listen.host ?? '127.0.0.1';
    this.path = listen.path === undefined ? undefined : `/${listen.path.replace(/^\/+/, '')}`;
    this.abort = new AbortController();
    const server = http.createServer(
      {
        requestTimeout: 0,
        headersTimeout: Math.max(1000, this.timeouts.bodyTimeoutMs),
        connectionsCheckingInterval: Math.min(30_000, Math.max(250, this.timeouts.bodyTimeoutMs / 2)),
      },
      (request, response) => void this.dispatch(request, response),
    );
    server.on('clientError', (_error, socket) => {
      if (socket.writable)
        socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      else socket.destroy();
    });
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(listen.port ?? 0, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
    } catch (error) {
      throw new ReceiverError(
        'listenFailed',
        `Cannot listen on ${host}:${listen.port ?? 0}: ${errorMessage(error)}.`,
      );
    }
    this.server = server;
    const { port } = server.address() as AddressInfo;
    const shownHost = host.includes(':') ? `[${host}]` : host;
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

  private async dispatch(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const started = performance.now();
    const time = new Date().toISOString();
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    let result: ExchangeResult;
    try {
      if (path === HEALTH_PATH && (request.method === 'GET' || request.method === 'HEAD')) {
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
        return; // Health probes are not webhooks: they are not recorded.
      }
      if (this.path !== undefined && path !== this.path) {
        result = refuse(response, 404, 'not_found', `Webhooks go to ${this.path}, not ${path}.`);
      } else if (request.method !== 'POST') {
        response.setHeader('allow', 'POST');
        const message = `Webhooks are sent with POST, not ${request.method ?? '?'}.`;
        result = refuse(response, 405, 'method_not_allowed', message);
      } else {
        result = await handleWebhook(this.exchangeContext(), request, response);
      }
    } catch (error) {
      // Nothing should reach here; if it does, the client still gets an answer and the server lives.
      result = refuse(response, 500, 'receiver_error', `The receiver failed: ${errorMessage(error)}.`);
    }
    this.record({
      id: newReceiptId(),
      time,
      method: request.method ?? '',
      path,
      remoteAddress: request.socket.remoteAddress,
      headers: recordedHeaders(request.headers),
      ...result,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
    });
  }

  private exchangeContext() {
    return {
      settings: this.settings,
      timeouts: this.timeouts,
      duplicates: this.duplicates,
      simulator: this.simulator,
      signal: this.abort.signal,
    };
  }

  private record(receipt: ReceiptRecord): void {
    try {
      this.options.store?.append(receipt);
    } catch (error) {
      this.options.onWarning?.(`A receipt could not be stored: ${errorMessage(error)}`);
    }
    for (const listener of [...this.listeners]) {
      try {
        listener(receipt);
      } catch (error) {
        this.options.onWarning?.(`A receipt listener failed: ${errorMessage(error)}`);
      }
    }
  }
}
