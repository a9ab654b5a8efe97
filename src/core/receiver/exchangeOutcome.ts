import type { OutgoingHttpHeaders } from 'node:http';
import type { ReceiptRecord } from './receiptRecord';
import { recordedBody } from './recordedRequest';

/** The answer an exchange decided; the server sends it once the receipt is written. */
export interface Answer {
  readonly status: number;
  readonly headers: OutgoingHttpHeaders;
  readonly body: Buffer | string;
  /** End the connection after answering (the body was not read, or not all of it). */
  readonly close: boolean;
}

/** The part of a receipt an exchange decides; the server adds who, when, how long and the verdict. */
export type ExchangeFacts = Omit<
  ReceiptRecord,
  'id' | 'time' | 'method' | 'path' | 'remoteAddress' | 'headers' | 'durationMs' | 'verdict'
>;

/** What one request came to: the facts to record, the answer to send, and what it carried. */
export interface Exchange {
  readonly facts: ExchangeFacts;
  /** Absent when the client went away before an answer could be sent. */
  readonly answer?: Answer;
  /** The parsed envelope, when the body was JSON: parsed once, here, for every listener. */
  readonly envelope?: unknown;
  /** The duplicate key to remember once the receipt is stored (accepted webhooks only). */
  readonly acceptedKey?: string;
}

/** A JSON answer. */
export function jsonAnswer(status: number, body: unknown, close = false): Answer {
  const text = JSON.stringify(body);
  return {
    status,
    headers: {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      ...(close ? { connection: 'close' } : {}),
    },
    body: text,
    close,
  };
}

/** The exchange of a refused request: `{error, message}` with `status`, nothing verified. */
export function refusal(status: number, reason: string, message: string, close = false): Exchange {
  return {
    facts: {
      ...recordedBody(undefined),
      verified: false,
      reason,
      message,
      duplicate: false,
      schemaErrors: [],
      status,
    },
    answer: jsonAnswer(status, { error: reason, message }, close),
  };
}
