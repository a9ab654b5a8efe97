import * as http from 'node:http';
import { buildEvent } from '../../../../src/core/events/catalog';
import type { ReceiptRecord } from '../../../../src/core/receiver/receiptRecord';
import {
  type ListenOptions,
  type ReceiverOptions,
  ReceiverServer,
} from '../../../../src/core/receiver/receiverServer';
import { getScheme, type SchemeName } from '../../../../src/core/signing/schemes';

export interface RunningReceiver {
  readonly receiver: ReceiverServer;
  readonly url: string;
  readonly receipts: ReceiptRecord[];
  /** Resolves with the next receipt (or the nth from now). */
  readonly nextReceipt: () => Promise<ReceiptRecord>;
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly text: string;
  json(): Record<string, unknown>;
}

const running: ReceiverServer[] = [];

/** Starts a receiver on a random loopback port; {@link stopReceivers} stops it. */
export async function startReceiver(
  options: ReceiverOptions = {},
  listen: ListenOptions = {},
): Promise<RunningReceiver> {
  const receiver = new ReceiverServer({
    timeouts: { bodyTimeoutMs: 300, forwardTimeoutMs: 300 },
    ...options,
  });
  running.push(receiver);
  const url = await receiver.start(listen);
  const receipts: ReceiptRecord[] = [];
  const waiting: ((r: ReceiptRecord) => void)[] = [];
  receiver.onStored(({ receipt }) => {
    receipts.push(receipt);
    waiting.shift()?.(receipt);
  });
  return {
    receiver,
    url,
    receipts,
    nextReceipt: () => new Promise((resolve) => waiting.push(resolve)),
  };
}

export async function stopReceivers(): Promise<void> {
  await Promise.all(running.splice(0).map((r) => r.stop()));
}

/** One HTTP request on a fresh connection. */
export function request(
  url: string,
  options: { method?: string; headers?: http.OutgoingHttpHeaders; body?: string | Buffer } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: options.method ?? 'POST', headers: options.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json: () => JSON.parse(text) as Record<string, unknown>,
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A valid event from the catalog, as the bytes a sender would post. */
export function eventBody(overrides: Record<string, unknown> = {}): { id: string; body: Buffer } {
  const event = { ...buildEvent('sync.completed', { connectionId: 'conn_test' }), ...overrides };
  return { id: event.id, body: Buffer.from(JSON.stringify(event)) };
}

/** Headers a sender signing `body` with `secrets` under `scheme` would send. */
export function signedHeaders(
  scheme: SchemeName,
  secrets: readonly string[],
  id: string,
  body: Buffer,
  timestamp = Math.floor(Date.now() / 1000),
): Record<string, string> {
  return {
    'content-type': 'application/json',
    ...getScheme(scheme).sign({ id, timestamp, body, secrets, type: 'sync.completed' }),
  };
}

/** Posts a signed, valid event. */
export function postSigned(
  url: string,
  scheme: SchemeName,
  secrets: readonly string[],
  event = eventBody(),
): Promise<HttpAnswer> {
  return request(url, { headers: signedHeaders(scheme, secrets, event.id, event.body), body: event.body });
}
