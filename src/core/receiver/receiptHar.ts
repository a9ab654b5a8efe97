import { contentType, harDocument, harHeaders, queryString } from '../sender/harExport';
import type { ReceiptRecord } from './receiptRecord';

/** The URL the request was sent to, as far as the receiver can tell: its Host header and path. */
function requestUrl(r: ReceiptRecord): string {
  if (/^https?:\/\//i.test(r.path)) return r.path;
  return `http://${r.headers.host ?? 'localhost'}${r.path}`;
}

/** What the receiver made of it, for the entry's comment. */
function verdictText(r: ReceiptRecord): string {
  const why = r.verdict.reason !== undefined ? ` (${r.verdict.reason})` : '';
  return `${r.verdict.outcome}${why}`;
}

function entry(r: ReceiptRecord): Record<string, unknown> {
  // The receiver keeps its own answer's status and reason, not its body; a relayed answer is the app's.
  const answer = r.forward?.body;
  return {
    startedDateTime: r.time,
    time: r.durationMs,
    request: {
      method: r.method,
      url: requestUrl(r),
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: harHeaders(r.headers),
      queryString: queryString(requestUrl(r)),
      postData: {
        mimeType: contentType(r.headers) || 'application/octet-stream',
        // Bytes that are not UTF-8 go as base64, so the archive holds what was received.
        text: r.bodyBase64 ?? r.body,
        ...(r.bodyBase64 !== undefined ? { _encoding: 'base64' } : {}),
      },
      headersSize: -1,
      bodySize: r.bodyBytes,
      ...(r.bodyTruncated ? { _truncated: true } : {}),
    },
    response: {
      status: r.status,
      statusText: '',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: [],
      content: {
        size: answer === undefined ? 0 : Buffer.byteLength(answer),
        mimeType: '',
        ...(answer !== undefined ? { text: answer } : {}),
      },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
    },
    cache: {},
    timings: { send: 0, wait: r.durationMs, receive: 0 },
    comment:
      `${r.eventType ?? 'not a webhook'} ${r.eventId ?? ''}`.trimEnd() +
      `, receipt ${r.id}: ${verdictText(r)}`,
  };
}

/** Received webhooks as a HAR 1.2 document, one entry per request, oldest first. */
export function exportReceiptsHar(receipts: readonly ReceiptRecord[]): string {
  return harDocument([...receipts].sort((a, b) => a.time.localeCompare(b.time)).map(entry));
}
