import { randomBytes } from 'node:crypto';
import type { EnvelopeName } from '../contract/makiniContract';
import { buildWebhook } from '../events/webhookBuilder';
import type { AttemptRecord, DeliveryRecord } from '../sender/deliveryRecord';
import type { RetryOptions } from '../sender/retrySchedule';
import { WebhookSender } from '../sender/webhookSender';
import { errorMessage } from '../errors';
import type { SignatureEncoding } from '../contract/makiniContract';
import { getScheme, type SchemeName } from '../signing/schemes';
import type { SandboxWebhook } from './sandboxWebhooks';
import type { SandboxDelivery, WebhookDispatcher } from './webhookDispatcher';

/** Where and how the sandbox sends its webhooks. */
export interface WebhookTarget {
  readonly url: string;
  /** The signing secret; never printed or logged. */
  readonly secret: string;
  readonly scheme: SchemeName;
  /** How the makini scheme writes its signatures (base64 by default). */
  readonly encoding?: SignatureEncoding;
  /** Makini's schedule by default (first retry after 30 s); a smaller base compresses it. */
  readonly retry?: RetryOptions;
  readonly timeoutMs?: number;
  /** The envelope entity events go in (the documented ids one by default); others are detailed. */
  readonly entityEnvelope?: EnvelopeName;
}

/**
 * Sends sandbox webhooks as Makini does: in the catalog's envelopes, signed with the chosen
 * scheme, retried on Makini's schedule by the shared {@link WebhookSender}.
 */
export class SenderDispatcher implements WebhookDispatcher {
  private readonly sender = new WebhookSender();
  /** Each webhook in flight, by event id, told of its attempts: one sender listener for all (life sends many at once). */
  private readonly watchers = new Map<string, (attempt: AttemptRecord) => void>();

  /**
   * `target` may be a function, read at each webhook: an embedding editor changes the receiver's
   * URL and secrets while the sandbox runs.
   * @throws UnknownSchemeError for a fixed target with an unknown scheme.
   */
  constructor(private readonly targetOf: WebhookTarget | (() => WebhookTarget)) {
    if (typeof targetOf !== 'function') getScheme(targetOf.scheme); // Fail now, not at the first change.
    this.sender.on('attempt', (attempt) => this.watchers.get(attempt.eventId)?.(attempt));
  }

  private get target(): WebhookTarget {
    return typeof this.targetOf === 'function' ? this.targetOf() : this.targetOf;
  }

  async dispatch(
    webhook: SandboxWebhook,
    onAttempt?: (delivery: SandboxDelivery) => void,
  ): Promise<SandboxDelivery> {
    // SandboxWebhook pairs each type with its data, but TypeScript cannot carry that pairing into
    // buildWebhook's generic; the data is passed through as built (tests validate it per type).
    const target = this.target;
    const event = buildWebhook(webhook.type, {
      connectionId: webhook.connectionId,
      data: webhook.data as never,
      ...(target.entityEnvelope === undefined ? {} : { entityEnvelope: target.entityEnvelope }),
    });
    const subject: Subject = { id: event.id, type: event.type, connectionId: webhook.connectionId };
    this.watchers.set(event.id, (attempt) => onAttempt?.(fromAttempt(subject, target.url, attempt)));
    try {
      const [record] = await this.sender.send({
        url: target.url,
        event,
        scheme: getScheme(target.scheme, { encoding: target.encoding }),
        secrets: [target.secret],
        retry: target.retry,
        timeoutMs: target.timeoutMs,
      });
      return record ? fromRecord(subject, record) : unsent(subject, target.url, 'No delivery was made.');
    } catch (error) {
      return unsent(subject, target.url, errorMessage(error));
    } finally {
      this.watchers.delete(event.id);
    }
  }

  dispose(): Promise<void> {
    return this.sender.dispose();
  }
}

/** The event a delivery was of, as the sandbox reports it. */
interface Subject {
  readonly id: string;
  readonly type: string;
  readonly connectionId: string;
}

function fromRecord(event: Subject, record: DeliveryRecord): SandboxDelivery {
  const last = record.attempts.at(-1);
  return {
    id: record.id,
    eventId: event.id,
    type: event.type,
    connectionId: event.connectionId,
    url: record.url,
    status: record.status,
    attempts: record.attempts.length,
    responseStatus: last?.response?.status,
    error: last?.error?.message,
    at: record.finishedAt ?? record.createdAt,
  };
}

function fromAttempt(event: Subject, url: string, attempt: AttemptRecord): SandboxDelivery {
  return {
    id: attempt.deliveryId,
    eventId: event.id,
    type: event.type,
    connectionId: event.connectionId,
    url,
    status: attempt.outcome === 'retry' ? 'delivering' : attempt.outcome,
    attempts: attempt.number,
    responseStatus: attempt.response?.status,
    error: attempt.error?.message,
    at: attempt.startedAt,
  };
}

function unsent(event: Subject, url: string, error: string): SandboxDelivery {
  const id = `dlv_${randomBytes(12).toString('hex')}`;
  const base = { eventId: event.id, type: event.type, connectionId: event.connectionId, url };
  return { id, ...base, status: 'failed', attempts: 0, error, at: new Date().toISOString() };
}
