import { isUtf8 } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import * as http from 'node:http';
import * as https from 'node:https';
import { CONNECTION_ID_HEADER } from '../contract/makiniContract';
import type { Webhook } from '../events/envelope';
import type { SignatureScheme } from '../signing/signatureScheme';
import { parseHttpUrl } from '../net/httpUrl';
import { USER_AGENT } from '../version';
import { abortableDelay } from '../timing/abortableDelay';
import { cancelledError } from './attemptError';
import type { AttemptRecord, DeliveryRecord, DeliveryStatus } from './deliveryRecord';
import { redactHeaders } from './deliveryRecord';
import { sendHttpAttempt } from './httpAttempt';
import { judgeAttempt } from './attemptVerdict';
import { type RetryOptions, retryPolicy, type RetryPolicy } from './retrySchedule';
import { CodedError } from '../errors';

export const DEFAULT_ATTEMPT_TIMEOUT_MS = 10_000;

export interface DeliveryRequest {
  readonly url: string;
  /** The event and its envelope; `event.payload` is what is sent. */
  readonly event: Webhook;
  /**
   * The exact bytes to send instead of `event.payload` serialised again (a replay: the recorded bytes of
   * this same event, where JSON.stringify would round big numbers or lose bytes).
   */
  readonly body?: Uint8Array;
  readonly scheme: SignatureScheme;
  readonly secrets: readonly string[];
  /** Sent on every attempt after the scheme's headers (a caller's header wins on a clash). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Skip TLS certificate checks (local self-signed endpoints). */
  readonly insecure?: boolean;
  readonly timeoutMs?: number;
  readonly retry?: RetryOptions;
  /** Deliver the identical event this many times, one after another (idempotency testing). */
  readonly duplicates?: number;
  readonly signal?: AbortSignal;
  /** The variant it is sent as (see variants.ts), named on each delivery record. */
  readonly variant?: string;
}

/** What the sender announces as it works, for live views. */
export interface SenderEvents {
  deliveryStarted: [DeliveryRecord];
  attemptStarted: [{ readonly deliveryId: string; readonly eventId: string; readonly number: number }];
  attempt: [AttemptRecord];
  deliveryFinished: [DeliveryRecord];
}

export type SenderErrorCode = 'invalid_url' | 'invalid_options' | 'disposed';

/** The request cannot be sent at all (bad URL or options, or the sender was disposed). */
export class SenderError extends CodedError<SenderErrorCode> {
  override readonly name = 'SenderError';
}

/**
 * Delivers webhooks as Makini would: signed POSTs, retried on Makini's schedule, every attempt
 * recorded and announced. Owns its connection pools; `dispose()` cancels what is in flight.
 */
export class WebhookSender extends EventEmitter<SenderEvents> {
  private readonly agents = {
    http: new http.Agent({ keepAlive: true }),
    https: new https.Agent({ keepAlive: true }),
    insecure: new https.Agent({ keepAlive: true, rejectUnauthorized: false }),
  };
  private disposed = false;
  /** One controller per send(), so listeners never pile up on a shared signal. */
  private readonly controllers = new Set<AbortController>();
  private readonly running = new Set<Promise<unknown>>();

  constructor(private readonly userAgent: string = USER_AGENT) {
    super();
  }

  /**
   * Delivers `request.event` (once, or `duplicates` times in a row) and resolves to one record per
   * delivery. Failures of the endpoint are in the records, not thrown.
   * @throws SenderError for a URL that is not http(s), bad options, or a disposed sender.
   * @throws SigningSecretError when the secrets are missing or unusable by the scheme.
   * @throws RetryOptionsError when the retry options are out of range.
   */
  async send(request: DeliveryRequest): Promise<DeliveryRecord[]> {
    if (this.disposed) throw new SenderError('disposed', 'The webhook sender was disposed.');
    const url = parseHttpUrl(
      request.url,
      { example: 'http://127.0.0.1:4000/webhooks', subject: 'Webhooks go over' },
      (message, options) => new SenderError('invalid_url', message, options),
    );
    const duplicates = request.duplicates ?? 1;
    const timeoutMs = request.timeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS;
    if (!Number.isInteger(duplicates) || duplicates < 1) {
      throw new SenderError('invalid_options', `Duplicates must be a whole number >= 1, got ${duplicates}.`);
    }
    if (!(timeoutMs > 0))
      throw new SenderError('invalid_options', `The timeout must be > 0 ms, got ${timeoutMs}.`);
    const policy = retryPolicy(request.retry);
    const body = request.body
      ? Buffer.from(request.body)
      : Buffer.from(JSON.stringify(request.event.payload));
    // Sign once up front so a bad secret fails the call instead of the first attempt.
    request.scheme.sign({ id: request.event.id, timestamp: 0, body, secrets: request.secrets });
    const controller = new AbortController();
    const cancel = (): void => controller.abort();
    if (request.signal?.aborted) cancel();
    request.signal?.addEventListener('abort', cancel, { once: true });
    this.controllers.add(controller);
    const signal = controller.signal;
    const work = (async () => {
      const records: DeliveryRecord[] = [];
      for (let index = 1; index <= duplicates; index++) {
        records.push(
          await this.deliver({ request, url, body, timeoutMs, policy, signal, index, of: duplicates }),
        );
      }
      return records;
    })();
    this.running.add(work);
    try {
      return await work;
    } finally {
      this.running.delete(work);
      this.controllers.delete(controller);
      request.signal?.removeEventListener('abort', cancel);
    }
  }

  private async deliver(job: DeliveryJob): Promise<DeliveryRecord> {
    const { request, url, body, timeoutMs, policy, signal } = job;
    const deliveryId = `dlv_${randomBytes(12).toString('hex')}`;
    const attempts: AttemptRecord[] = [];
    const base = {
      id: deliveryId,
      eventId: request.event.id,
      eventType: request.event.type,
      ...(request.event.connectionId === undefined ? {} : { connectionId: request.event.connectionId }),
      envelope: request.event.envelope,
      url: url.toString(),
      scheme: request.scheme.name,
      duplicate: { index: job.index, of: job.of },
      ...(request.variant === undefined ? {} : { variant: request.variant }),
      createdAt: new Date().toISOString(),
    };
    const record = (status: DeliveryStatus, finished: boolean): DeliveryRecord => ({
      ...base,
      status,
      ...(finished ? { finishedAt: new Date().toISOString() } : {}),
      attempts: [...attempts],
    });
    this.emit('deliveryStarted', record('delivering', false));
    const firstStart = Date.now();
    let status: DeliveryStatus = 'cancelled';
    for (let number = 1; !signal.aborted; number++) {
      const attempt = await this.attempt(job, deliveryId, number, url, body, timeoutMs, signal);
      const response = 'response' in attempt.result ? attempt.result.response : undefined;
      const error = 'error' in attempt.result ? attempt.result.error : undefined;
      const common = {
        deliveryId,
        eventId: request.event.id,
        number,
        startedAt: attempt.startedAt.toISOString(),
        durationMs: attempt.durationMs,
        request: attempt.request,
        ...(response ? { response } : {}),
        ...(error ? { error } : {}),
      };
      const judged = judgeAttempt(policy, common, Date.now() - firstStart, signal.aborted);
      const entry = judged.entry;
      status = judged.status;
      attempts.push(entry);
      this.emit('attempt', entry);
      if (entry.outcome !== 'retry') break;
      if (!(await abortableDelay(entry.nextRetryMs ?? 0, signal))) status = 'cancelled';
    }
    const finished = record(status === 'delivering' ? 'cancelled' : status, true);
    this.emit('deliveryFinished', finished);
    return finished;
  }

  private async attempt(
    job: DeliveryJob,
    deliveryId: string,
    number: number,
    url: URL,
    body: Buffer,
    timeoutMs: number,
    signal: AbortSignal,
  ) {
    const { request } = job;
    // A fresh timestamp and signature on every attempt; id and body never change.
    const headers = {
      'content-type': 'application/json',
      'user-agent': this.userAgent,
      ...request.scheme.sign({
        id: request.event.id,
        timestamp: Math.floor(Date.now() / 1000),
        body,
        secrets: request.secrets,
        type: request.event.type,
      }),
      ...informativeHeaders(request.event),
      ...lowerCaseKeys(request.headers ?? {}),
    };
    this.emit('attemptStarted', { deliveryId, eventId: request.event.id, number });
    const startedAt = new Date();
    const started = performance.now();
    const result = signal.aborted
      ? { error: cancelledError() }
      : await sendHttpAttempt({
          url,
          headers,
          body,
          timeoutMs,
          agent: this.agentFor(url, request.insecure),
          signal,
        });
    return {
      startedAt,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      result,
      request: {
        method: 'POST' as const,
        url: url.toString(),
        headers: redactHeaders({ ...headers, 'content-length': String(body.length) }),
        body: body.toString('utf8'),
        ...(isUtf8(body) ? {} : { bodyBase64: body.toString('base64') }),
        insecure: request.insecure === true,
        timeoutMs,
      },
    };
  }

  private agentFor(url: URL, insecure = false): http.Agent {
    if (url.protocol === 'http:') return this.agents.http;
    return insecure ? this.agents.insecure : this.agents.https;
  }

  /** Cancels every delivery in flight (waits included), waits for them to settle, closes sockets. */
  async dispose(): Promise<void> {
    this.disposed = true;
    for (const controller of this.controllers) controller.abort();
    await Promise.allSettled([...this.running]);
    for (const agent of Object.values(this.agents)) agent.destroy();
    this.removeAllListeners();
  }
}

interface DeliveryJob {
  readonly request: DeliveryRequest;
  readonly url: URL;
  readonly body: Buffer;
  readonly timeoutMs: number;
  readonly policy: RetryPolicy;
  readonly signal: AbortSignal;
  readonly index: number;
  readonly of: number;
}

/** The ids envelope has no place for the connection: our informative header says it instead. */
function informativeHeaders(event: Webhook): Record<string, string> {
  return event.envelope === 'ids' && event.connectionId !== undefined
    ? { [CONNECTION_ID_HEADER]: event.connectionId }
    : {};
}

function lowerCaseKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
