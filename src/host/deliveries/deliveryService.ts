import * as vscode from 'vscode';
import type { Webhook } from '../../core/events/envelope';
import { deliveryKind } from '../../core/sender/deliveryKind';
import { LogStore } from '../../core/logStore/logStore';
import {
  indexedQuery,
  isFiltering,
  matchesDelivery,
  type RecordFilter,
} from '../../core/logStore/recordFilter';
import type { AttemptRecord, DeliveryRecord } from '../../core/sender/deliveryRecord';
import { WebhookSender } from '../../core/sender/webhookSender';
import { getScheme } from '../../core/signing/schemes';
import type { SettingsService } from '../config/settings';
import { Lazy } from '../lazy';
import { Disposable } from '../lifecycle';
import { describeAttempt } from './deliveryText';
import { countOf } from '../../core/text/plural';

/** What a test delivery needs beyond the event; unset values come from the settings. */
export interface DeliveryOptions {
  readonly url: string;
  readonly event: Webhook;
  /** The event's exact recorded bytes, sent instead of `event` serialised again (a replay). */
  readonly body?: Uint8Array;
  readonly secrets: readonly string[];
  readonly duplicates?: number;
  readonly retryBaseMs?: number;
  readonly maxAttempts?: number;
  readonly timeoutMs?: number;
  /** Extra request headers for every attempt. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
}

/** How many deliveries the view lists; the log keeps up to `makini.log.maxRecords`. */
const LISTED = 200;

/**
 * Sends test webhooks with the core sender and keeps what happened: deliveries in flight are
 * updated live as attempts come in, finished ones go to the deliveries log (global storage, kept
 * across restarts), and every attempt is written to the output channel.
 */
export class DeliveryService extends Disposable {
  private readonly sender = new WebhookSender();
  /** Deliveries still in progress; finished ones live in {@link log}. */
  private readonly inFlight = new Map<string, DeliveryRecord>();
  // Opened on first use: reading a long log should not hold up the editor's start-up.
  private readonly deliveryLog: Lazy<LogStore<DeliveryRecord>>;
  private readonly controllers = new Map<string, AbortController>();
  private readonly changed = this._register(new vscode.EventEmitter<DeliveryRecord | undefined>());
  /** Fires with the delivery that changed, or undefined when the list changed as a whole. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly settings: SettingsService,
    private readonly output: vscode.LogOutputChannel,
    logDir: string,
  ) {
    super();
    this.deliveryLog = new Lazy(() =>
      LogStore.open({
        dir: logDir,
        kind: deliveryKind,
        maxRecords: settings.value.logMaxRecords,
        onWarning: (message) => output.warn(message),
      }),
    );
    this._register({ dispose: () => this.deliveryLog.ifMade?.close() });
    this.sender.on('deliveryStarted', (record) => this.put(record));
    this.sender.on('attempt', (attempt) => this.addAttempt(attempt));
    this.sender.on('deliveryFinished', (record) => {
      this.inFlight.delete(record.id);
      const notLogged = (error: unknown): void =>
        this.output.warn(
          `A delivery could not be logged: ${error instanceof Error ? error.message : String(error)}`,
        );
      try {
        // A record that failed to reach the file leaves the log: the list must be read again.
        void this.log.append(record).catch((error: unknown) => {
          notLogged(error);
          this.changed.fire(undefined);
        });
      } catch (error) {
        notLogged(error);
      }
      this.changed.fire(record);
      this.output.info(
        `[${record.id}] ${record.eventType} to ${record.url}: ${record.status} after ${countOf(record.attempts.length, 'attempt')}`,
      );
    });
    this._register({ dispose: () => this.sender.dispose() });
  }

  /** Finished deliveries, kept across restarts in the extension's global storage. */
  get log(): LogStore<DeliveryRecord> {
    return this.deliveryLog.value;
  }

  /** Newest first: those in progress, then the newest logged; with a filter, the newest that pass it. */
  list(filter?: RecordFilter): DeliveryRecord[] {
    const inFlight = [...this.inFlight.values()].reverse();
    if (!filter || !isFiltering(filter)) return [...inFlight, ...this.log.query({ limit: LISTED }).records];
    const logged = this.log.query({ ...indexedQuery(filter), limit: this.log.size }).records;
    return [...inFlight, ...logged].filter((d) => matchesDelivery(d, filter)).slice(0, LISTED);
  }

  get(id: string): DeliveryRecord | undefined {
    return this.inFlight.get(id) ?? this.log.get(id);
  }

  /**
   * Delivers the event (with retries and duplicates as asked) and resolves to its records.
   * @throws what {@link WebhookSender.send} throws: a bad URL, bad options or an unusable secret.
   */
  async send(options: DeliveryOptions): Promise<DeliveryRecord[]> {
    const s = this.settings.value;
    const controller = new AbortController();
    this.controllers.set(options.event.id, controller);
    const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
    try {
      return await this.sender.send({
        url: options.url,
        event: options.event,
        ...(options.body ? { body: options.body } : {}),
        scheme: getScheme(s.signatureScheme, {
          signatureHeader: s.signatureHeader,
          encoding: s.signatureEncoding,
        }),
        secrets: options.secrets,
        ...(options.headers ? { headers: options.headers } : {}),
        duplicates: options.duplicates ?? 1,
        timeoutMs: options.timeoutMs ?? s.deliveryTimeoutMs,
        retry: {
          baseDelayMs: options.retryBaseMs ?? s.retryBaseMs,
          maxAttempts: options.maxAttempts ?? s.maxAttempts,
        },
        signal,
      });
    } finally {
      this.controllers.delete(options.event.id);
    }
  }

  /** Whether a delivery of the event `eventId` is under way (it may be waiting for an answer now). */
  isSending(eventId: string): boolean {
    return this.controllers.has(eventId);
  }

  /** Cancels a delivery still in progress (and its remaining duplicates); false when it is not. */
  cancel(deliveryId: string): boolean {
    const record = this.inFlight.get(deliveryId);
    const controller = record ? this.controllers.get(record.eventId) : undefined;
    if (!controller || record?.status !== 'delivering') return false;
    controller.abort();
    return true;
  }

  /** Empties the log; deliveries in progress stay. */
  clear(): void {
    this.log.clear();
    this.changed.fire(undefined);
  }

  private put(record: DeliveryRecord): void {
    const isNew = !this.inFlight.has(record.id);
    this.inFlight.set(record.id, record);
    this.changed.fire(isNew ? undefined : record);
  }

  private addAttempt(attempt: AttemptRecord): void {
    this.output.info(`[${attempt.deliveryId}] ${describeAttempt(attempt)}`);
    const record = this.inFlight.get(attempt.deliveryId);
    if (record) this.put({ ...record, attempts: [...record.attempts, attempt] });
  }
}
