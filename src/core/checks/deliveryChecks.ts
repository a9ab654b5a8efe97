import { buildEvent, EVENT_TYPES, type EventType } from '../events/catalog';
import type { DetailedEnvelope } from '../events/envelope';
import { type CheckContext, type CheckOutcome, describeAnswer } from './checkContext';
import type { CheckExchange } from './checkReport';
import type { ProbeRequest } from './endpointProbe';
import { duplicateSignal } from './duplicateSignal';

const RETRY_ADVICE =
  'Makini treats any answer other than 2xx (or no answer within 10 s) as a failed delivery and retries it ' +
  'with growing intervals for up to 24 hours.';

function sampleEvent(context: CheckContext, type: EventType): DetailedEnvelope {
  return buildEvent(type, context.connectionId === undefined ? {} : { connectionId: context.connectionId });
}

function bodyOf(event: unknown): Buffer {
  return Buffer.from(JSON.stringify(event));
}

/**
 * Sends `requests` in turn, each expected to be accepted; the first always goes, the others only
 * while the run is not cancelled.
 */
async function sendAccepted(
  context: CheckContext,
  requests: readonly Omit<ProbeRequest, 'expect'>[],
): Promise<CheckExchange[]> {
  const exchanges: CheckExchange[] = [];
  for (const request of requests) {
    if (exchanges.length > 0 && context.signal.aborted) break;
    exchanges.push(await context.send({ ...request, expect: 'accepted' }));
  }
  return exchanges;
}

/** The exchanges that went wrong, grouped by answer: `500 Internal Server Error: a, b; no answer (…): c`. */
function refusals(exchanges: readonly CheckExchange[]): string {
  const groups = new Map<string, string[]>();
  for (const exchange of exchanges.filter((e) => !e.ok)) {
    const answer = describeAnswer(exchange);
    groups.set(answer, [...(groups.get(answer) ?? []), exchange.label]);
  }
  return [...groups].map(([answer, labels]) => `${answer} for ${labels.join(', ')}`).join('; ');
}

/** 1: one correctly signed delivery of each catalog type answers 2xx. */
export async function acceptsEventTypes(context: CheckContext): Promise<CheckOutcome> {
  const exchanges: CheckExchange[] = [];
  for (const type of EVENT_TYPES) {
    if (context.signal.aborted) break;
    const event = sampleEvent(context, type);
    exchanges.push(
      await context.send({ label: type, id: event.id, type, body: bodyOf(event), expect: 'accepted' }),
    );
  }
  const refused = exchanges.filter((e) => !e.ok);
  const total = EVENT_TYPES.length;
  if (refused.length === 0) {
    return {
      status: 'pass',
      summary: `all ${total} event types answered 2xx`,
      explanation: `One correctly signed delivery of each of the ${total} catalog types was answered 2xx.`,
      exchanges,
    };
  }
  const allAuth =
    refused.length === exchanges.length && refused.every((e) => [401, 403].includes(e.response?.status ?? 0));
  return {
    status: 'fail',
    summary: `${refused.length} of ${total} event types not accepted`,
    explanation:
      `Correctly signed deliveries were not answered 2xx: ${refusals(exchanges)}.` +
      (exchanges.length < total
        ? ` Only ${exchanges.length} of the ${total} types ${exchanges.length === 1 ? 'was' : 'were'} sent.`
        : '') +
      ` ${RETRY_ADVICE}`,
    fix: allAuth
      ? `Every correctly signed delivery was refused: check that the endpoint verifies with the same secret, ` +
        `reads the signature from '${context.scheme.signatureHeader}', and computes it over the raw body bytes ` +
        '(not re-serialised JSON).'
      : 'Answer 2xx for every event type Makini sends, including those you ignore; do the work after answering ' +
        'or in a queue, so a failure of your own code does not refuse the delivery.',
    exchanges,
  };
}

/** 7: the same event delivered three times answers 2xx each time. */
export async function survivesDuplicates(context: CheckContext): Promise<CheckOutcome> {
  const event = sampleEvent(context, 'work_orders.updated');
  const body = bodyOf(event);
  const exchanges: CheckExchange[] = [];
  for (let copy = 1; copy <= 3 && !context.signal.aborted; copy++) {
    const label = `copy ${copy} of 3`;
    exchanges.push(await context.send({ label, id: event.id, type: event.type, body, expect: 'accepted' }));
  }
  if (exchanges.some((e) => !e.ok)) {
    return {
      status: 'fail',
      summary: 'a repeated delivery was not answered 2xx',
      explanation: `Event ${event.id} was delivered three times, identically: ${refusals(exchanges)}. ${RETRY_ADVICE}`,
      fix:
        'Receivers must tolerate duplicates: remember the ids of events already processed and answer 2xx to a ' +
        'repeat without doing the work again (not 409 or 500).',
      exchanges,
    };
  }
  const flagged = exchanges.slice(1).filter((e) => duplicateSignal(e.response));
  const confirmation =
    flagged.length === 2
      ? 'The endpoint marked copies 2 and 3 as duplicates, so it de-duplicates by event id.'
      : `Whether the work was done once cannot be seen from outside: check that your logs show event ${event.id} ` +
        "processed once, or answer repeats with the header 'x-makini-duplicate: true' and this check will confirm it.";
  return {
    status: 'pass',
    summary:
      flagged.length === 2
        ? 'three copies answered 2xx; repeats marked as duplicates'
        : 'three copies answered 2xx',
    explanation: `Event ${event.id} was delivered three times, identically, and answered 2xx each time. ${confirmation}`,
    exchanges,
  };
}

/** 8: an event re-sent with the same id and a fresh signature answers 2xx. */
export async function survivesRetries(context: CheckContext): Promise<CheckOutcome> {
  const event = sampleEvent(context, 'sync.completed');
  const body = bodyOf(event);
  const now = Math.floor(Date.now() / 1000);
  // The first attempt is signed as if sent 30 s ago, Makini's first retry interval.
  const exchanges = await sendAccepted(context, [
    { label: 'first attempt', id: event.id, type: event.type, body, timestamp: now - 30 },
    { label: 'retry, signed afresh', id: event.id, type: event.type, body, timestamp: now },
  ]);
  if (exchanges.every((e) => e.ok)) {
    return {
      status: 'pass',
      summary: 'the retry answered 2xx',
      explanation: `Event ${event.id} was sent, then sent again 30 s later (by its timestamp) with a fresh signature; both answered 2xx.`,
      exchanges,
    };
  }
  return {
    status: 'fail',
    summary: 'a retried delivery was not answered 2xx',
    explanation: `Event ${event.id} was sent, then retried with the same id and a fresh signature: ${refusals(exchanges)}. ${RETRY_ADVICE}`,
    fix:
      'Accept a retry of an event you have seen: verify each attempt on its own signature and timestamp, ' +
      'de-duplicate by the event id, and answer 2xx.',
    exchanges,
  };
}

/** 9: a delivery with extra fields and one of an unknown event type both answer 2xx. */
export async function toleratesUnknown(context: CheckContext): Promise<CheckOutcome> {
  const known = sampleEvent(context, 'assets.updated');
  const extended = {
    ...known,
    api_version: '2099-01-01',
    data: { ...(known.data as object), future_field: { nested: true } },
  };
  const unknownType = 'inspection.completed';
  const novel = {
    ...sampleEvent(context, 'sync.completed'),
    type: unknownType,
    data: { inspection_id: 'insp_1', result: 'ok' },
  };
  const exchanges = await sendAccepted(context, [
    { label: 'extra fields', id: extended.id, type: extended.type, body: bodyOf(extended) },
    { label: `unknown type '${unknownType}'`, id: novel.id, type: unknownType, body: bodyOf(novel) },
  ]);
  if (exchanges.every((e) => e.ok)) {
    return {
      status: 'pass',
      summary: 'extra fields and an unknown type answered 2xx',
      explanation: `An assets.updated with fields not in today's schema and an event of the unknown type '${unknownType}' were both answered 2xx.`,
      exchanges,
    };
  }
  return {
    status: 'fail',
    summary: 'extra fields or an unknown event type were refused',
    explanation: `Makini adds fields and event types over time; these deliveries were not answered 2xx: ${refusals(exchanges)}. ${RETRY_ADVICE}`,
    fix:
      'Ignore fields you do not know (no strict schema that rejects additional properties) and answer 2xx to ' +
      'event types you do not handle, logging them instead of failing.',
    exchanges,
  };
}
