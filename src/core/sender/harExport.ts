import type { AttemptRecord, DeliveryRecord } from './deliveryRecord';
import { VERSION } from '../version';

interface HarHeader {
  readonly name: string;
  readonly value: string;
}

/** Headers as HAR lists them, one entry per value. */
export function harHeaders(headers: Readonly<Record<string, string | readonly string[]>>): HarHeader[] {
  return Object.entries(headers).flatMap(([name, value]) =>
    typeof value === 'string' ? [{ name, value }] : value.map((v) => ({ name, value: v })),
  );
}

/** The query parameters of `url` as HAR lists them; none for a URL that does not parse. */
export function queryString(url: string): HarHeader[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

/** The content-type header's value, any case of its name; '' when there is none. */
export function contentType(headers: Readonly<Record<string, string | readonly string[]>>): string {
  const value = Object.entries(headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  return (typeof value === 'string' ? value : value?.[0]) ?? '';
}

function entry(delivery: DeliveryRecord, attempt: AttemptRecord): Record<string, unknown> {
  const { request, response } = attempt;
  return {
    startedDateTime: attempt.startedAt,
    time: attempt.durationMs,
    request: {
      method: request.method,
      url: request.url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: harHeaders(request.headers),
      queryString: queryString(request.url),
      postData: { mimeType: contentType(request.headers) || 'application/json', text: request.body },
      headersSize: -1,
      bodySize: Buffer.byteLength(request.body),
    },
    // HAR needs a response; an attempt that got none (timeout, refused) shows status 0, as browsers do.
    response: {
      status: response?.status ?? 0,
      statusText: response?.statusText ?? '',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: response ? harHeaders(response.headers) : [],
      content: {
        size: response?.bodyBytes ?? 0,
        mimeType: response ? contentType(response.headers) : '',
        ...(response ? { text: response.body } : {}),
      },
      redirectURL: '',
      headersSize: -1,
      bodySize: response?.bodyBytes ?? -1,
      ...(attempt.error ? { _error: `${attempt.error.kind}: ${attempt.error.message}` } : {}),
    },
    cache: {},
    timings: { send: 0, wait: attempt.durationMs, receive: 0 },
    comment: `${delivery.eventType} ${delivery.eventId}, delivery ${delivery.id}, attempt ${attempt.number}: ${attempt.outcome}`,
  };
}

/** Deliveries as a HAR 1.2 document, one entry per attempt, oldest first, for any HTTP tool. */
export function exportDeliveriesHar(deliveries: readonly DeliveryRecord[]): string {
  const entries = [...deliveries]
    .flatMap((d) => d.attempts.map((a) => ({ d, a })))
    .sort((x, y) => x.a.startedAt.localeCompare(y.a.startedAt))
    .map(({ d, a }) => entry(d, a));
  return harDocument(entries);
}

/** A HAR 1.2 document of `entries`, as written to a `.har` file. */
export function harDocument(entries: readonly Record<string, unknown>[]): string {
  const har = { log: { version: '1.2', creator: { name: 'makini-devtools', version: VERSION }, entries } };
  return `${JSON.stringify(har, null, 2)}\n`;
}
