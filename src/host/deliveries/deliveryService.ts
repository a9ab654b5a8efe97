import * as vscode from 'vscode';
import type { WebhookEnvelope } from '../../core/events/envelope';
import type { AttemptRecord, DeliveryRecord } from '../../core/sender/deliveryRecord';
import { WebhookSender } from '../../core/sender/webhookSender';
import { getScheme } from '../../core/signing/schemes';
import type { SettingsService } from '../config/settings';
import { Disposable } from '../lifecycle';
import { describeAttempt } from './deliveryText';

/** What a test delivery needs beyond the event; unset values come from the settings. */
export interface DeliveryOptions {
  readonly url: string;
  readonly event: WebhookEnvelope;
  readonly secrets: readonly string[];
  readonly duplicates?: number;
  readonly retryBaseMs?: number;
  readonly maxAttempts?: number;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

const KEPT = 500;

/**
 * Sends test webhooks with the core sender and keeps what happened: deliveries in flight are
 * updated live as attempts come in, finished ones are kept newest first, and every attempt is
 * written to the output channel (the delivery log).
 */
export class DeliveryService extends Disposable {
  private readonly sender = new WebhookSender();
  private readonly records = new Map<string, DeliveryRecord>();
  private readonly controllers = new Map<string, AbortController>();
  private readonly changed = this._register(new vscode.EventEmitter<DeliveryRecord | undefined>());
  /** Fires with the delivery that changed, or undefined when the list changed as a whole. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly settings: SettingsService,
    private readonly output: vscode.LogOutputChannel,
  ) {
    super();
    this.sender.on('deliveryStarted', (record) => this.put(record));
    this.sender.on('attempt', (attempt) => this.addAttempt(attempt));
    this.sender.on('deliveryFinished', (record) => {
      this.put(record);
      this.output.info(
        `[${record.id}] ${record.eventType} to ${record.url}: ${record.status} after ${record.attempts.length} attempt(s)`,
      );
    });
    this._register({ dispose: () => this.sender.dispose() });
  }

  /** Newest first. */
  list(): DeliveryRecord[] {
    return [...this.records.values()].reverse();
  }

  get(id: string): DeliveryRecord | undefined {
    return this.records.get(id);
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
        scheme: getScheme(s.signatureScheme, { signatureHeader: s.signatureHeader }),
        secrets: options.secrets,
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

  /** Cancels a delivery still in progress (and its remaining duplicates); false when it is not. */
  cancel(deliveryId: string): boolean {
    const record = this.records.get(deliveryId);
    const controller = record ? this.controllers.get(record.eventId) : undefined;
    if (!controller || record?.status !== 'delivering') return false;
    controller.abort();
    return true;
  }

  clear(): void {
    for (const [id, record] of this.records) if (record.status !== 'delivering') this.records.delete(id);
    this.changed.fire(undefined);
  }

  private put(record: DeliveryRecord): void {
    const isNew = !this.records.has(record.id);
    this.records.set(record.id, record);
    if (isNew && this.records.size > KEPT) {
      const oldest = [...this.records.values()].find((r) => r.status !== 'delivering');
      if (oldest) this.records.delete(oldest.id);
    }
    this.changed.fire(isNew ? undefined : record);
  }

  private addAttempt(attempt: AttemptRecord): void {
    this.output.info(`[${attempt.deliveryId}] ${describeAttempt(attempt)}`);
    const record = this.records.get(attempt.deliveryId);
    if (record) this.put({ ...record, attempts: [...record.attempts, attempt] });
  }
}
