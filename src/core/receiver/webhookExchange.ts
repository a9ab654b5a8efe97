import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { validateEnvelope } from '../events/validation';
import type { DuplicateDetector } from './duplicateDetector';
import type { FailureSimulator } from './failureSimulation';
import { refuse, sendJson } from './answers';
import { forward } from './forwarder';
import type { ForwardRecord, ReceiptRecord } from './receiptRecord';
import type { ReceiverSettings, ReceiverTimeouts } from './receiverSettings';
import { readBody } from './readBody';
import { isJsonContentType, recordedBody } from './requestFacts';
import { checkSignature } from './signatureCheck';

/** What a webhook exchange needs from the server that runs it. */
export interface ExchangeContext {
  readonly settings: ReceiverSettings;
  readonly timeouts: ReceiverTimeouts;
  readonly duplicates: DuplicateDetector;
  readonly simulator: FailureSimulator;
  /** Aborted when the server stops: pending delays and relays end at once. */
  readonly signal: AbortSignal;
}

/** The part of a receipt an exchange decides; the server adds who, when and how long. */
export type ExchangeResult = Omit<
  ReceiptRecord,
  'id' | 'time' | 'method' | 'path' | 'remoteAddress' | 'headers' | 'durationMs'
>;

const FORWARD_BODY_CAP = 64 * 1024;
const RECORDED_FORWARD_BODY = 4 * 1024;

/**
 * Runs one POST through the receiver: size and time limits, signature over the raw bytes before
 * anything is parsed, JSON and catalog checks, duplicates, the failure simulation, then a 200 or
 * the app's answer when forwarding. Never rejects.
 */
export async function handleWebhook(
  context: ExchangeContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<ExchangeResult> {
  const { settings } = context;
  if (!isJsonContentType(request.headers['content-type'])) {
    const got = request.headers['content-type'] ?? 'none';
    return refuse(
      response,
      415,
      'unsupported_media_type',
      `Webhooks are JSON: send content-type application/json (got ${got}).`,
      true,
    );
  }
  const read = await readBody(request, {
    maxBytes: settings.maxBodyBytes,
    timeoutMs: context.timeouts.bodyTimeoutMs,
  });
  if (read.kind === 'tooLarge') {
    const message = `The body is larger than the limit of ${settings.maxBodyBytes} bytes; raise --max-body if it is expected.`;
    return { ...refuse(response, 413, 'body_too_large', message, true), bodyBytes: read.received };
  }
  if (read.kind === 'timeout') {
    const message = `The body did not arrive within ${context.timeouts.bodyTimeoutMs} ms (${read.received} bytes came).`;
    return { ...refuse(response, 408, 'request_timeout', message, true), bodyBytes: read.received };
  }
  if (read.kind === 'aborted') {
    const message = `The client went away after ${read.received} bytes, before the body was complete.`;
    return {
      ...recordedBody(undefined),
      bodyBytes: read.received,
      verified: false,
      reason: 'aborted',
      message,
      duplicate: false,
      schemaErrors: [],
      status: 0,
    };
  }
  const body = read.body;
  const recorded = recordedBody(body);
  const signature = checkSignature(settings, request.headers, body);
  if (!signature.verified && signature.rejectStatus !== undefined) {
    return { ...refuse(response, signature.rejectStatus, signature.reason, signature.message), ...recorded };
  }
  const unverified = signature.verified ? {} : { reason: signature.reason, message: signature.message };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (error) {
    const detail = error instanceof Error ? error.message : 'unreadable';
    const message = `The body is not valid JSON (${detail}).`;
    return { ...refuse(response, 400, 'invalid_json', message), ...recorded, verified: signature.verified };
  }
  const validation = validateEnvelope(parsed);
  const fields = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const eventId = text(fields.id);
  const eventType = text(fields.type);
  const schemaErrors = validation.ok
    ? validation.knownType
      ? []
      : [`/type: '${eventType ?? ''}' is not an event type in the catalog`]
    : validation.issues.map(
        (i) => `${i.pointer || '/'}: ${i.message}${i.expected ? ` (expected ${i.expected})` : ''}`,
      );
  const duplicate = eventId !== undefined && context.duplicates.has(eventId);
  const simulated = context.simulator.decide(eventId);
  const facts = {
    ...recorded,
    verified: signature.verified,
    ...unverified,
    eventId,
    eventType,
    connectionId: text(fields.connection_id),
    duplicate,
    schemaErrors,
  };
  const simulatedFacts =
    simulated.status !== undefined || simulated.delayMs > 0 || simulated.attempt !== undefined
      ? { simulated }
      : {};
  if (simulated.delayMs > 0) {
    try {
      await sleep(simulated.delayMs, undefined, { signal: context.signal });
    } catch {
      // The server is stopping: answer now rather than hold the socket.
    }
  }
  let status = simulated.status ?? 200;
  let forwardRecord: ForwardRecord | undefined;
  if (simulated.status === undefined && settings.forwardTo !== undefined) {
    const outcome = await forward({
      target: new URL(settings.forwardTo),
      method: 'POST',
      headers: request.headers,
      body,
      remoteAddress: request.socket.remoteAddress,
      host: request.headers.host,
      timeoutMs: context.timeouts.forwardTimeoutMs,
      maxResponseBytes: FORWARD_BODY_CAP,
      signal: context.signal,
    });
    status = outcome.status ?? (outcome.error === 'timeout' ? 504 : 502);
    const appBody = outcome.body.subarray(0, RECORDED_FORWARD_BODY).toString('utf8');
    forwardRecord = {
      url: settings.forwardTo,
      ...(outcome.status !== undefined ? { status: outcome.status, body: appBody } : {}),
      ms: outcome.ms,
      ...(outcome.error ? { error: outcome.error, message: outcome.message } : {}),
    };
    if (outcome.status !== undefined && !response.headersSent) {
      response.writeHead(outcome.status, {
        'content-type': outcome.contentType ?? 'application/octet-stream',
        'content-length': outcome.body.length,
      });
      response.end(outcome.body);
    } else {
      sendJson(response, status, { error: outcome.error, message: outcome.message });
    }
  } else if (simulated.status !== undefined) {
    sendJson(response, status, {
      error: 'simulated_failure',
      message: `The failure simulation answered ${status}.`,
    });
  } else {
    sendJson(response, 200, { received: true, id: eventId ?? null });
  }
  if (eventId !== undefined && status >= 200 && status < 300) context.duplicates.remember(eventId);
  return { ...facts, ...simulatedFacts, status, ...(forwardRecord ? { forward: forwardRecord } : {}) };
}
