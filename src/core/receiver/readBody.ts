import type { IncomingMessage } from 'node:http';

export interface BodyLimits {
  readonly maxBytes: number;
  /** The whole body must arrive within this time; slow and stalled clients are cut off. */
  readonly timeoutMs: number;
}

export type BodyResult =
  | { readonly kind: 'complete'; readonly body: Buffer }
  | { readonly kind: 'tooLarge'; readonly received: number }
  | { readonly kind: 'timeout'; readonly received: number }
  | { readonly kind: 'aborted'; readonly received: number };

/**
 * Reads the raw request body, keeping at most `maxBytes`: a declared or actual size beyond it
 * stops reading at once (nothing more is buffered). Never rejects; every way a body can fail to
 * arrive is a result, so one bad client cannot take the server down.
 */
export function readBody(request: IncomingMessage, limits: BodyLimits): Promise<BodyResult> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limits.maxBytes) {
    return Promise.resolve({ kind: 'tooLarge', received: 0 });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const finish = (result: BodyResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('close', onClose);
      request.off('error', onClose);
      if (result.kind !== 'complete') request.pause();
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received > limits.maxBytes) finish({ kind: 'tooLarge', received });
      else chunks.push(chunk);
    };
    const onEnd = (): void => finish({ kind: 'complete', body: Buffer.concat(chunks, received) });
    const onClose = (): void => finish({ kind: 'aborted', received });
    const timer = setTimeout(() => finish({ kind: 'timeout', received }), limits.timeoutMs);
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('close', onClose);
    request.on('error', onClose);
  });
}
