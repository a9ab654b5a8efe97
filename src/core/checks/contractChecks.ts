import { createHash, randomUUID } from 'node:crypto';
import { IDS_ENVELOPE_FIELDS } from '../contract/makiniContract';
import { buildEvent } from '../events/catalog';
import { type CheckContext, type CheckOutcome, describeAnswer } from './checkContext';

/**
 * The checks that hold a handler to what Makini documents rather than to what we send by
 * default: signatures over the exact bytes received, and the documented `{event, body}` payload.
 */

const RAW_BYTES_FIX =
  'Compute the HMAC over the request body exactly as it arrived (the raw bytes: `express.raw()`, ' +
  '`request.get_data()`, `await req.arrayBuffer()`), before any JSON parsing, and never over ' +
  '`JSON.stringify(req.body)`: a re-serialisation changes whitespace and escapes.';

/**
 * `value` as JSON with two-space indentation, and inside every string each non-ASCII character,
 * `/` and the letters a and e escaped as `\uXXXX`: the same document to a parser, in bytes that
 * no re-serialisation gives back.
 */
export function unusualJson(value: unknown): string {
  const escape = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  return JSON.stringify(value, null, 2).replace(/"(?:[^"\\]|\\.)*"/g, (token) =>
    token.replace(/\\.|[\u007f-\uffff/ae]/g, (c) => (c.length === 1 ? escape(c) : c)),
  );
}

/** 11: a valid webhook whose bytes are not what `JSON.stringify` writes is accepted. */
export async function verifiesRawBytes(context: CheckContext): Promise<CheckOutcome> {
  const event = buildEvent(
    'sync.completed',
    context.connectionId === undefined ? {} : { connectionId: context.connectionId },
  );
  const text = `${unusualJson(event)}\n`;
  const body = Buffer.from(text, 'utf8');
  const reserialised = Buffer.from(JSON.stringify(JSON.parse(text)), 'utf8');
  const exchange = await context.send({
    label: 'extra whitespace and \\u escapes, signed over its exact bytes',
    id: event.id,
    type: event.type,
    body,
    expect: 'accepted',
  });
  const answer = describeAnswer(exchange);
  const exchanges = [exchange];
  const what =
    `A correctly signed delivery whose body has extra whitespace and \\u escapes (${body.length} bytes; ` +
    `re-serialised it would be ${reserialised.length}) was answered ${answer}.`;
  if (exchange.ok) {
    return { status: 'pass', summary: `accepted with ${answer}`, explanation: what, exchanges };
  }
  const refused = [400, 401, 403].includes(exchange.response?.status ?? 0);
  return {
    status: 'fail',
    summary: exchange.response ? `refused with ${answer}` : answer,
    explanation: refused
      ? `${what} The endpoint most likely verifies the signature over a re-serialisation of the parsed JSON, ` +
        'which differs from the bytes Makini signed: real webhooks formatted differently will be refused.'
      : `${what} A 2xx was expected.`,
    fix: RAW_BYTES_FIX,
    exchanges,
  };
}

/** How many record ids the ids-envelope webhook names. */
const IDS_IN_BODY = 3;

/** 12: the documented payload, `{"event": "work_orders.updated", "body": [ids]}`, is answered 2xx. */
export async function acceptsIdsEnvelope(context: CheckContext): Promise<CheckOutcome> {
  const eventName = 'work_orders.updated';
  const ids = Array.from({ length: IDS_IN_BODY }, () => randomUUID());
  const body = Buffer.from(
    JSON.stringify({ [IDS_ENVELOPE_FIELDS.event]: eventName, [IDS_ENVELOPE_FIELDS.body]: ids }),
  );
  const exchange = await context.send({
    label: `${eventName} in the documented ids envelope`,
    // No event id in this envelope: the body's digest stands in for our informative id header.
    id: `sha256_${createHash('sha256').update(body).digest('hex').slice(0, 24)}`,
    type: eventName,
    body,
    expect: 'accepted',
  });
  const answer = describeAnswer(exchange);
  const what = `A correctly signed {"event": "${eventName}", "body": [${IDS_IN_BODY} ids]} webhook, the payload Makini documents, was answered ${answer}.`;
  if (exchange.ok) {
    return { status: 'pass', summary: `accepted with ${answer}`, explanation: what, exchanges: [exchange] };
  }
  return {
    status: 'fail',
    summary: exchange.response ? `answered ${answer}` : answer,
    explanation:
      `${what} Makini documents entity webhooks in this shape: an event name and the changed records' ids, ` +
      'with no id, type or data field.',
    fix:
      'Accept both shapes: read `event` and `body` (the ids of the changed records, to fetch from the API) ' +
      'when there is no `type`, and answer 200 before fetching them.',
    exchanges: [exchange],
  };
}
