import * as http from 'node:http';
import { buildEvent, type EventType } from '../../../src/core/events/catalog';
import { CONNECTION_ID_HEADER } from '../../../src/core/contract/makiniContract';
import { type DetailedEnvelope, newEventId } from '../../../src/core/events/envelope';
import { getScheme, type SchemeName } from '../../../src/core/signing/schemes';

export interface Posted {
  readonly status: number;
  readonly body: string;
  readonly event: DetailedEnvelope;
}

/** POSTs one event to `url` over a real socket, signed with `secrets` (unsigned when empty). */
export async function postWebhook(
  url: string,
  options: { type?: EventType; secrets?: string[]; scheme?: SchemeName; connectionId?: string } = {},
): Promise<Posted> {
  const event = buildEvent(options.type ?? 'sync.completed', { connectionId: options.connectionId });
  const body = Buffer.from(JSON.stringify(event));
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.secrets && options.secrets.length > 0) {
    Object.assign(
      headers,
      getScheme(options.scheme ?? 'makini').sign({
        id: event.id,
        timestamp: Math.floor(Date.now() / 1000),
        body,
        secrets: options.secrets,
        type: event.type,
      }),
    );
  }
  const answer = await post(url, body, headers);
  return { ...answer, event };
}

/** POSTs `body` to `url` over a real socket with `headers`. */
function post(
  url: string,
  body: Buffer,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
    });
    request.once('error', reject);
    request.end(body);
  });
}

/**
 * POSTs an entity event in Makini's documented envelope, `{"event", "body": [ids]}`, as the sender
 * sends it: signed with `secrets` (unsigned when empty), the connection in our informative header.
 */
export async function postIdsWebhook(
  url: string,
  options: { event: string; ids: string[]; secrets?: string[]; connectionId?: string },
): Promise<{ status: number; body: string; bytes: Buffer }> {
  const bytes = Buffer.from(JSON.stringify({ event: options.event, body: options.ids }));
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...(options.connectionId ? { [CONNECTION_ID_HEADER]: options.connectionId } : {}),
  };
  if (options.secrets && options.secrets.length > 0) {
    const id = newEventId();
    const timestamp = Math.floor(Date.now() / 1000);
    Object.assign(
      headers,
      getScheme('makini').sign({ id, timestamp, body: bytes, secrets: options.secrets }),
    );
  }
  return { ...(await post(url, bytes, headers)), bytes };
}

/** Whether something accepts TCP connections on 127.0.0.1:`port`. */
export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 2000 }, (response) => {
      response.resume();
      resolve(true);
    });
    request.once('error', () => resolve(false));
    request.once('timeout', () => {
      request.destroy();
      resolve(false);
    });
  });
}
