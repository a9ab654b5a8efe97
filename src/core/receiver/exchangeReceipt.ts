import type { IncomingMessage } from 'node:http';
import type { Answer, Exchange } from './exchangeOutcome';
import type { ReceiptRecord } from './receiptRecord';
import { decideVerdict } from './receiptVerdict';
import { newReceiptId, recordedHeaders } from './recordedRequest';

/** The receipt one request leaves: who sent what, when, what the exchange decided, and its verdict. */
export function receiptOf(
  request: IncomingMessage,
  path: string,
  time: string,
  exchange: Exchange,
): ReceiptRecord {
  const { facts, answer } = exchange;
  return {
    id: newReceiptId(),
    time,
    method: request.method ?? '',
    path,
    remoteAddress: request.socket.remoteAddress,
    headers: recordedHeaders(request.headers),
    ...facts,
    durationMs: 0, // Set once the answer is decided.
    verdict: decideVerdict({
      status: facts.status,
      verified: facts.verified,
      reason: facts.reason,
      duplicate: facts.duplicate,
      aborted: answer === undefined,
      simulatedStatus: facts.simulated?.status,
      forwarded: facts.forward,
    }),
  };
}

/** The receipt as announced when it could not be written: what the client got instead. */
export function notStored(receipt: ReceiptRecord, answer: Answer | undefined): ReceiptRecord {
  return {
    ...receipt,
    status: answer?.status ?? 0,
    reason: 'not_stored',
    verdict: { outcome: 'rejected', actionable: false, reason: 'not_stored' },
  };
}
