import { buildEvent } from '../events/catalog';
import { newSecret } from '../signing/schemes';
import { type CheckContext, type CheckOutcome, describeAnswer } from './checkContext';
import type { CheckExchange } from './checkReport';
import type { ProbeRequest } from './endpointProbe';

interface Forgery {
  /** What was wrong with the request, e.g. `signed with a different secret`. */
  readonly what: string;
  /** What a 2xx means for the developer. */
  readonly risk: string;
  readonly fix: string;
}

/** Sends one forged delivery and judges the answer: a 4xx passes, a 5xx warns, anything else fails. */
async function expectRejection(
  context: CheckContext,
  forgery: Forgery,
  build: (probe: Pick<ProbeRequest, 'id' | 'type' | 'body'>) => Omit<ProbeRequest, 'expect' | 'forged'>,
): Promise<CheckOutcome> {
  const event = buildEvent(
    'work_orders.inserted',
    context.connectionId === undefined ? {} : { connectionId: context.connectionId },
  );
  const probe = build({ id: event.id, type: event.type, body: Buffer.from(JSON.stringify(event)) });
  const exchange: CheckExchange = await context.send({ ...probe, expect: 'rejected', forged: true });
  const exchanges = [exchange];
  const status = exchange.response?.status;
  const answer = describeAnswer(exchange);
  const seen = `A delivery ${forgery.what} ${exchange.response ? 'was answered' : 'got'} ${answer}.`;
  if (exchange.ok) {
    return { status: 'pass', summary: `refused with ${answer}`, explanation: seen, exchanges };
  }
  if (status !== undefined && status >= 200 && status < 300) {
    return {
      status: 'fail',
      summary: `accepted with ${answer}`,
      explanation: `${seen} ${forgery.risk}`,
      fix: forgery.fix,
      exchanges,
    };
  }
  if (status !== undefined && status >= 500) {
    return {
      status: 'warn',
      summary: `refused, but with ${answer}`,
      explanation: `${seen} It was refused, but a 5xx reads as an outage in your logs and monitoring rather than a refused request.`,
      fix: 'Answer a request that fails verification with 401 (or 400), before doing any work.',
      exchanges,
    };
  }
  return {
    status: 'fail',
    summary: status === undefined ? 'no answer' : `answered ${answer}, not 4xx`,
    explanation: `${seen} A 4xx was expected.${status !== undefined && status < 400 ? ' Redirects: see the redirect check.' : ''}`,
    fix: forgery.fix,
    exchanges,
  };
}

const VERIFY_FIX =
  'Verify the signature over the raw body bytes, with a constant-time comparison, before parsing or acting ' +
  'on the payload, and answer 401 when it does not match.';

/** 3: a delivery signed with a different secret gets a 4xx. */
export function rejectsWrongSignature(context: CheckContext): Promise<CheckOutcome> {
  return expectRejection(
    context,
    {
      what: 'signed with a different secret',
      risk: 'Your endpoint accepts webhooks anyone can forge: it does not check the signature against your secret.',
      fix: VERIFY_FIX,
    },
    (probe) => ({ ...probe, label: 'signed with a wrong secret', secrets: [newSecret(context.schemeName)] }),
  );
}

/** 4: a delivery without its signature header gets a 4xx. */
export function rejectsMissingSignature(context: CheckContext): Promise<CheckOutcome> {
  const header = context.scheme.signatureHeader;
  return expectRejection(
    context,
    {
      what: `without the ${header} header`,
      risk: 'Your endpoint accepts unsigned webhooks: anyone who knows the URL can send it events.',
      fix: `Refuse (401) any request without the ${header} header. ${VERIFY_FIX}`,
    },
    (probe) => ({ ...probe, label: `no ${header} header`, without: [header] }),
  );
}

/** The body with one character of the connection id changed: still valid JSON, same length. */
function tamper(body: Buffer): Buffer {
  const text = body.toString('utf8');
  const at = text.indexOf('"connection_id":"') + '"connection_id":"'.length;
  const original = text[at] ?? 'a';
  const replacement = original === 'x' ? 'y' : 'x';
  return Buffer.from(`${text.slice(0, at)}${replacement}${text.slice(at + 1)}`);
}

/** 5: a delivery signed, then changed by one byte, gets a 4xx. */
export function rejectsTamperedBody(context: CheckContext): Promise<CheckOutcome> {
  return expectRejection(
    context,
    {
      what: 'signed, then changed by one byte (in connection_id)',
      risk: 'Your endpoint accepts payloads altered in transit: it does not verify the signature over the body it received.',
      fix: `${VERIFY_FIX} Verify the bytes you received, not a re-serialisation of the parsed JSON.`,
    },
    (probe) => ({
      ...probe,
      label: 'body changed after signing',
      signedBody: probe.body,
      body: tamper(probe.body),
    }),
  );
}

/** How far past the tolerance a stale delivery's timestamp is. */
const STALE_MARGIN_SECONDS = 3600;

/** 6: a delivery signed longer ago than the tolerance gets a 4xx (standard scheme only). */
export async function rejectsStaleTimestamp(context: CheckContext): Promise<CheckOutcome> {
  if (context.schemeName !== 'standard') {
    return {
      status: 'skip',
      summary: 'standard scheme only',
      explanation:
        "The makini scheme's signature does not cover its timestamp, so a stale replay cannot be told apart " +
        'by the signature. Run with the standard scheme to check replay protection.',
      exchanges: [],
    };
  }
  const age = context.toleranceSeconds + STALE_MARGIN_SECONDS;
  return expectRejection(
    context,
    {
      what: `correctly signed ${age} s ago (tolerance ${context.toleranceSeconds} s)`,
      risk: 'Your endpoint accepts replays: a captured delivery can be sent again at any later time.',
      fix: `Refuse (401) deliveries whose webhook-timestamp is more than ${context.toleranceSeconds} s from now, as the Standard Webhooks libraries do.`,
    },
    (probe) => ({ ...probe, label: `signed ${age} s ago`, timestamp: Math.floor(Date.now() / 1000) - age }),
  );
}
