import { receiptBodyBytes, type ReceiptRecord } from '../receiver/receiptRecord';
import type { CurlRequest } from './curlCommand';
import { CodedError } from '../errors';

export type ReceiptReplayErrorCode = 'truncated' | 'not_origin_form' | 'bad_receiver_url';

/** A receipt that cannot be sent again exactly, or a receiver URL to send it to that is not one. */
export class ReceiptReplayError extends CodedError<ReceiptReplayErrorCode> {
  override readonly name = 'ReceiptReplayError';
}

/** Headers a repeat must not copy: they describe the old connection, not the webhook. */
const HOP_BY_HOP = new Set([
  'host',
  'connection',
  'content-length',
  'transfer-encoding',
  'keep-alive',
  'expect',
]);

/** The received headers worth sending again (credentials stay masked as recorded). */
export function replayHeaders(receipt: Pick<ReceiptRecord, 'headers'>): Record<string, string> {
  return Object.fromEntries(Object.entries(receipt.headers).filter(([name]) => !HOP_BY_HOP.has(name)));
}

/**
 * The exact bytes received, for sending again.
 * @throws ReceiptReplayError `truncated` when only the start of the body was kept.
 */
export function exactReceiptBody(
  receipt: Pick<ReceiptRecord, 'id' | 'body' | 'bodyBase64' | 'bodyBytes' | 'bodyTruncated'>,
): Buffer {
  const bytes = receiptBodyBytes(receipt);
  if (receipt.bodyTruncated) {
    throw new ReceiptReplayError(
      'truncated',
      `Receipt ${receipt.id} kept only the first ${bytes.length} of its ${receipt.bodyBytes} body bytes, so it cannot be sent again exactly. Raise the receiver's body limit (--max-body) and have the webhook sent again.`,
    );
  }
  return bytes;
}

// What curl cannot send as it is (space, controls, other bytes) or would cut off (`#`) is
// percent-encoded; every other printable byte, `[]{}` included, goes out as it came in.
const NOT_IN_PATH = /[^\u0021-\u007e]|#/g;

function percentEncode(text: string): string {
  return text.replace(NOT_IN_PATH, (c) =>
    [...Buffer.from(c, c.charCodeAt(0) <= 0xff ? 'latin1' : 'utf8')]
      .map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`)
      .join(''),
  );
}

/**
 * The URL a receipt goes to when it is sent to the receiver again: the receiver's own origin, and
 * the recorded path. Only the path is taken from the request, never a host: an absolute-form
 * target (`POST http://169.254.169.254/latest`), which servers must accept as meaning their own
 * path (RFC 9112, 3.2.2), becomes that path; `//host/x` stays a path on the receiver.
 * @throws ReceiptReplayError `not_origin_form` for a target that is not a path (`*`, `host:443`),
 * `bad_receiver_url` when `receiverUrl` is not an http(s) URL.
 */
export function receiptTargetUrl(receiverUrl: string, path: string): string {
  let origin: string;
  try {
    const base = new URL(receiverUrl);
    if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new Error(base.protocol);
    origin = base.origin;
  } catch (error) {
    throw new ReceiptReplayError(
      'bad_receiver_url',
      `'${receiverUrl}' is not the receiver's http(s) URL; start the receiver or check its port.`,
      { cause: error },
    );
  }
  let target = path;
  if (/^https?:\/\//i.test(path)) {
    const absolute = URL.canParse(path) ? new URL(path) : undefined;
    target = absolute ? `${absolute.pathname}${absolute.search}` : '';
  }
  if (!target.startsWith('/')) {
    throw new ReceiptReplayError(
      'not_origin_form',
      `The recorded request target '${path}' is not a path on the receiver (it does not start with '/'), so there is nothing to send it to.`,
    );
  }
  return `${origin}${percentEncode(target)}`;
}

/**
 * A received request as a {@link CurlRequest} to the receiver at `receiverUrl`: the recorded
 * method, path, headers (less hop-by-hop ones) and exact body bytes.
 * @throws ReceiptReplayError as {@link exactReceiptBody} and {@link receiptTargetUrl} do.
 */
export function receiptCurlRequest(receipt: ReceiptRecord, receiverUrl: string): CurlRequest {
  return {
    method: /^[A-Z]+$/.test(receipt.method) ? receipt.method : 'POST',
    url: receiptTargetUrl(receiverUrl, receipt.path),
    headers: replayHeaders(receipt),
    body: exactReceiptBody(receipt),
    insecure: false,
    timeoutMs: 10_000,
  };
}
