import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { type Answer, jsonAnswer } from './exchangeOutcome';
import { forward } from './forwarder';
import type { ForwardRecord } from './receiptRecord';
import type { ExchangeContext } from './exchangeContext';

/**
 * Each receiver that relays a webhook adds its mark to this header, so a forward target that
 * leads back to the same receiver (directly or through other receivers) is refused instead of
 * looping.
 */
export const HOP_HEADER = 'x-makini-devtools-hop';
/** More relays than this in one chain is a loop too, even between receivers of other processes. */
const MAX_HOPS = 8;

/** How much of the app's answer is relayed and kept on the receipt, as for a delivery's response. */
const FORWARD_BODY_CAP = 64 * 1024;

function hops(headers: IncomingHttpHeaders): string[] {
  const value = headers[HOP_HEADER];
  const text = Array.isArray(value) ? value.join(',') : (value ?? '');
  return text
    .split(',')
    .map((h) => h.trim())
    .filter((h) => h !== '');
}

/** Whether this request was relayed by this receiver before, or has been relayed too often. */
export function isForwardLoop(headers: IncomingHttpHeaders, hopId: string): boolean {
  const chain = hops(headers);
  return chain.includes(hopId) || chain.length >= MAX_HOPS;
}

export function loopMessage(forwardTo: string | undefined): string {
  return `This webhook was relayed back to the receiver that forwarded it: the forward target${forwardTo ? ` ${forwardTo}` : ''} leads to this receiver itself. Point makini.receiver.forwardTo (--forward-to) at your app instead.`;
}

/** A status that can be relayed as it is: node refuses to write anything outside 100-599. */
const relayable = (status: number): boolean => Number.isInteger(status) && status >= 100 && status <= 599;

/**
 * Relays the webhook to the app within the deadline and answers what the app answered; 502 or
 * 504 (and the reason) when it did not answer or answered something that cannot be relayed.
 */
export async function forwardExchange(
  context: ExchangeContext,
  request: IncomingMessage,
  body: Buffer,
  forwardTo: string,
): Promise<{ answer: Answer; record: ForwardRecord }> {
  const outcome = await forward({
    target: new URL(forwardTo),
    method: 'POST',
    headers: { ...request.headers, [HOP_HEADER]: [...hops(request.headers), context.hopId].join(', ') },
    body,
    remoteAddress: request.socket.remoteAddress,
    host: request.headers.host,
    timeoutMs: context.timeouts.forwardTimeoutMs,
    maxResponseBytes: FORWARD_BODY_CAP,
    signal: context.signal,
  });
  const appBody = outcome.body.toString('utf8');
  const base = { url: forwardTo, ms: outcome.ms, ...(outcome.truncated ? { bodyTruncated: true } : {}) };
  if (outcome.status !== undefined && relayable(outcome.status)) {
    const answer: Answer = {
      status: outcome.status,
      headers: {
        'content-type': outcome.contentType ?? 'application/octet-stream',
        'content-length': outcome.body.length,
      },
      body: outcome.body,
      close: false,
    };
    return { answer, record: { ...base, status: outcome.status, body: appBody } };
  }
  if (outcome.status !== undefined) {
    const message = `The app at ${new URL(forwardTo).origin} answered with status ${outcome.status}, which is not an HTTP status (100-599); it cannot be relayed.`;
    return {
      answer: jsonAnswer(502, { error: 'invalid_status', message }),
      record: { ...base, status: outcome.status, body: appBody, error: 'invalid_status', message },
    };
  }
  const status = outcome.error === 'timeout' ? 504 : 502;
  return {
    answer: jsonAnswer(status, { error: outcome.error, message: outcome.message }),
    record: { ...base, ...(outcome.error ? { error: outcome.error, message: outcome.message } : {}) },
  };
}
