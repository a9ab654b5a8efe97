/** Why an attempt got no HTTP response. */
export type AttemptErrorKind = 'timeout' | 'refused' | 'dns' | 'tls' | 'reset' | 'cancelled' | 'network';

/** A failed attempt's error, as recorded (plain JSON). */
export interface AttemptError {
  readonly kind: AttemptErrorKind;
  /** The system or OpenSSL code, e.g. `ECONNREFUSED`, when there is one. */
  readonly code?: string;
  readonly message: string;
}

const TLS_CODES = new Set([
  'EPROTO',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);

function kindOf(code: string | undefined): AttemptErrorKind {
  if (code === undefined) return 'network';
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'dns';
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNABORTED') return 'reset';
  if (
    TLS_CODES.has(code) ||
    code.startsWith('ERR_TLS') ||
    code.startsWith('ERR_SSL') ||
    code.includes('CERT')
  ) {
    return 'tls';
  }
  if (code === 'ETIMEDOUT') return 'timeout';
  return 'network';
}

const ADVICE: Readonly<Record<AttemptErrorKind, string>> = {
  timeout: 'no complete answer in time',
  refused: 'connection refused: is the endpoint running and listening on that port?',
  dns: 'the host name does not resolve',
  tls: 'TLS failed (for a local self-signed certificate, allow insecure TLS)',
  reset: 'the connection was reset before an answer',
  cancelled: 'cancelled',
  network: 'network error',
};

/** Classifies what node:http reported for a request that got no response. */
export function classifyRequestError(error: unknown): AttemptError {
  const code =
    typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
      ? error.code
      : undefined;
  const detail = error instanceof Error ? error.message : String(error);
  const kind = kindOf(code);
  return { kind, ...(code === undefined ? {} : { code }), message: `${ADVICE[kind]} (${detail})` };
}

export function timeoutError(timeoutMs: number): AttemptError {
  return { kind: 'timeout', message: `no complete answer within ${timeoutMs} ms` };
}

export function cancelledError(): AttemptError {
  return { kind: 'cancelled', message: 'cancelled while the request was in flight' };
}
