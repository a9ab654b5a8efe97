import type { IncomingMessage } from 'node:http';
import { type BodyValidation, validateWebhookBody } from '../events/validation';
import { issueText } from '../events/validationIssue';
import type { ExchangeContext } from './exchangeContext';
import { abortableDelay } from '../timing/abortableDelay';
import { duplicateKeyOf, fieldsTooLongMessage, readEnvelopeFacts } from './envelopeFacts';
import { type Exchange, type ExchangeFacts, jsonAnswer, refusal } from './exchangeOutcome';
import { forwardExchange, isForwardLoop, loopMessage } from './forwardExchange';
import { type BodyResult, readBody } from './readBody';
import { recordedBody } from './recordedRequest';
import { checkSignature } from './signatureCheck';
import { countOf } from '../text/plural';

/**
 * Runs one POST through the receiver: size and time limits, signature over the raw bytes before
 * anything is parsed, JSON and catalog checks, duplicates, the failure simulation, then a 200 or
 * the app's answer when forwarding. Decides the answer without sending it: the server writes
 * the receipt first. Never rejects.
 */
export async function handleWebhook(context: ExchangeContext, request: IncomingMessage): Promise<Exchange> {
  if (isForwardLoop(request.headers, context.hopId)) {
    return refusal(508, 'forward_loop', loopMessage(context.settings.forwardTo), true);
  }
  if (!isJsonContentType(request.headers['content-type'])) {
    const got = request.headers['content-type'] ?? 'none';
    const message = `Webhooks are JSON: send content-type application/json (got ${got}).`;
    return refusal(415, 'unsupported_media_type', message, true);
  }
  const read = await readBody(request, {
    maxBytes: context.settings.maxBodyBytes,
    timeoutMs: context.timeouts.bodyTimeoutMs,
  });
  return read.kind === 'complete' ? judgeBody(context, request, read.body) : unread(context, read);
}

/** A body that did not arrive whole: too large, too slow, or abandoned. */
function unread(context: ExchangeContext, read: Exclude<BodyResult, { kind: 'complete' }>): Exchange {
  const bodyBytes = read.received;
  if (read.kind === 'tooLarge') {
    const message = `The body is larger than the limit of ${context.settings.maxBodyBytes} bytes; raise --max-body if it is expected.`;
    return withFacts(refusal(413, 'body_too_large', message, true), { bodyBytes });
  }
  if (read.kind === 'timeout') {
    const message = `The body did not arrive within ${context.timeouts.bodyTimeoutMs} ms (${countOf(bodyBytes, 'byte')} came).`;
    return withFacts(refusal(408, 'request_timeout', message, true), { bodyBytes });
  }
  const message = `The client went away after ${countOf(bodyBytes, 'byte')}, before the body was complete.`;
  return { facts: { ...refusal(0, 'aborted', message).facts, bodyBytes } };
}

function withFacts(exchange: Exchange, facts: Partial<ExchangeFacts>): Exchange {
  return { ...exchange, facts: { ...exchange.facts, ...facts } };
}

function parseJson(body: Buffer): { ok: true; value: unknown } | { ok: false; detail: string } {
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) as unknown };
  } catch (error) {
    return { ok: false, detail: error instanceof Error ? error.message : 'unreadable' };
  }
}

function schemaProblems(validation: BodyValidation, eventType: string | undefined): string[] {
  const problems = validation.issues.map((i) => issueText(i, 'the body'));
  if (validation.envelope === 'unknown_envelope' || validation.knownType || eventType === undefined)
    return problems;
  const field = validation.envelope === 'ids' ? 'event' : 'type';
  return [...problems, `${field}: '${eventType}' is not an event type in the catalog`];
}

async function judgeBody(
  context: ExchangeContext,
  request: IncomingMessage,
  body: Buffer,
): Promise<Exchange> {
  const recorded = recordedBody(body);
  const signature = checkSignature(context.settings, request.headers, body);
  if (!signature.verified && signature.rejectStatus !== undefined) {
    // The diagnosis goes to the receipt only: the answer must not teach a sender a valid signature.
    const diagnosis = signature.diagnosis ? { diagnosis: signature.diagnosis } : {};
    const refused = refusal(signature.rejectStatus, signature.reason, signature.message);
    return withFacts(refused, { ...recorded, ...diagnosis });
  }
  const signedAs = signature.verified ? { signedAs: signature.signedAs } : {};
  const unverified = signature.verified ? signedAs : { reason: signature.reason, message: signature.message };
  const parsed = parseJson(body);
  if (!parsed.ok) {
    const message = `The body is not valid JSON (${parsed.detail}).`;
    return withFacts(refusal(400, 'invalid_json', message), {
      ...recorded,
      verified: signature.verified,
      ...signedAs,
    });
  }
  // Recognised by shape and checked once; a body of neither envelope is still answered as any other.
  const validation = validateWebhookBody(parsed.value);
  const shape = { envelope: validation.envelope };
  const { fieldsCut, ...envelope } = readEnvelopeFacts(parsed.value, validation.envelope, request.headers);
  if (fieldsCut.length > 0) {
    const refused = refusal(400, 'field_too_long', fieldsTooLongMessage(fieldsCut));
    return withFacts(refused, {
      ...recorded,
      ...shape,
      ...envelope,
      fieldsCut,
      verified: signature.verified,
      ...signedAs,
    });
  }
  const duplicateKey = duplicateKeyOf(envelope.eventId, body);
  const facts: ExchangeFacts = {
    ...recorded,
    verified: signature.verified,
    ...unverified,
    ...shape,
    ...envelope,
    duplicate: context.duplicates.has(duplicateKey.key),
    duplicateKey: duplicateKey.kind,
    schemaErrors: schemaProblems(validation, envelope.eventType),
    status: 200,
  };
  const answered = await answerAccepted(context, request, body, facts, duplicateKey.key);
  const accepted = answered.facts.status >= 200 && answered.facts.status < 300;
  return {
    ...answered,
    envelope: parsed.value,
    ...(accepted ? { acceptedKey: duplicateKey.key } : {}),
  };
}

/** The answer to a webhook that passed the checks: simulated, relayed to the app, or 200. */
async function answerAccepted(
  context: ExchangeContext,
  request: IncomingMessage,
  body: Buffer,
  facts: ExchangeFacts,
  duplicateKey: string,
): Promise<Exchange> {
  // Counted per event, as duplicates are: by id, or by the body's hash when there is none.
  const simulated = context.simulator.decide(duplicateKey);
  const simulatedFacts =
    simulated.status !== undefined || simulated.delayMs > 0 || simulated.attempt !== undefined
      ? { simulated }
      : {};
  // A stopping server ends the delay at once: answer now rather than hold the socket.
  if (simulated.delayMs > 0) await abortableDelay(simulated.delayMs, context.signal);
  if (simulated.status !== undefined) {
    const status = simulated.status;
    const answer = jsonAnswer(status, {
      error: 'simulated_failure',
      message: `The failure simulation answered ${status}.`,
    });
    return { facts: { ...facts, ...simulatedFacts, status }, answer };
  }
  if (context.settings.forwardTo !== undefined) {
    const relayed = await forwardExchange(context, request, body, context.settings.forwardTo);
    return {
      facts: { ...facts, ...simulatedFacts, status: relayed.answer.status, forward: relayed.record },
      answer: relayed.answer,
    };
  }
  return {
    facts: { ...facts, ...simulatedFacts, status: 200 },
    answer: jsonAnswer(200, { received: true, id: facts.eventId ?? null }),
  };
}

/** Whether a content type is JSON (`application/json` or any `+json` type), parameters aside. */
function isJsonContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const mediaType = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return mediaType === 'application/json' || /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+\+json$/.test(mediaType);
}
