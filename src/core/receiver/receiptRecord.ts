import type { DuplicateKey } from '../contract/makiniContract';
import type { ReceivedEnvelope } from '../events/envelope';
import type { LogKind } from '../logStore/logKind';
import type { SignatureDiagnosis } from '../signing/signatureDoctor';
import type { SignedAs } from '../signing/signatureScheme';
import { hasFieldTypes } from '../logStore/recordShape';
import { decideVerdict, type ReceiptVerdict } from './receiptVerdict';

/** What became of a relayed webhook at the developer's app. */
export interface ForwardRecord {
  readonly url: string;
  readonly status?: number;
  readonly ms: number;
  /** The app's answer as UTF-8, its first 64 KiB (what was relayed). */
  readonly body?: string;
  /** The app answered more than 64 KiB: `body` is its start. */
  readonly bodyTruncated?: boolean;
  readonly error?: 'timeout' | 'unreachable' | 'invalid_status';
  readonly message?: string;
}

/** One request the receiver got, good or bad, as the log keeps it. */
export interface ReceiptRecord {
  /** `rcpt_` and random characters: this record, not the event. */
  readonly id: string;
  readonly time: string;
  readonly method: string;
  readonly path: string;
  readonly remoteAddress?: string;
  /** As received, except credentials such as `authorization` and `cookie`, which are masked. */
  readonly headers: Readonly<Record<string, string>>;
  /** The raw body as UTF-8, cut to `RECORDED_BODY_BYTES`. */
  readonly body: string;
  /**
   * The same kept bytes in base64, present only when they are not valid UTF-8 (then `body` is a
   * lossy reading of them). Read the bytes with {@link receiptBodyBytes}.
   */
  readonly bodyBase64?: string;
  readonly bodyBytes: number;
  readonly bodyTruncated: boolean;
  /** Whether a configured secret verified the signature; false too when none was configured. */
  readonly verified: boolean;
  /** When verified: which documented variant matched (header, encoding, content). */
  readonly signedAs?: SignedAs;
  /**
   * When the signature did not verify: the signature doctor's finding, what did make it and the
   * change to make, or that nothing did. Never holds a secret.
   */
  readonly diagnosis?: SignatureDiagnosis;
  /** Why it is not verified: a signing reason code, or `no_secret`, or what stopped the request first. */
  readonly reason?: string;
  readonly message?: string;
  readonly eventId?: string;
  readonly eventType?: string;
  readonly connectionId?: string;
  readonly duplicate: boolean;
  /**
   * What `duplicate` was decided by: the event id, or the raw body's SHA-256 when there is none
   * (the ids envelope). Absent when the body was not JSON, and on older receipts.
   */
  readonly duplicateKey?: DuplicateKey;
  /** Which envelope the body had, by shape; `unknown_envelope` when it is JSON of neither. */
  readonly envelope?: ReceivedEnvelope;
  /** Problems with the envelope or its `data` against the catalog (they do not change the answer). */
  readonly schemaErrors: readonly string[];
  /** The answer's status; 0 when the client went away before one could be sent. */
  readonly status: number;
  readonly durationMs: number;
  /** Set when the failure simulation chose the answer. */
  readonly simulated?: { readonly status?: number; readonly delayMs: number; readonly attempt?: number };
  readonly forward?: ForwardRecord;
  /** Envelope fields (`id`, `type`, `connection_id`) that were too long; their values are cut. */
  readonly fieldsCut?: readonly string[];
  /** What the receiver made of it, decided once when it answered. */
  readonly verdict: ReceiptVerdict;
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  );
}

const RECEIPT_FIELDS = {
  id: 'string',
  time: 'string',
  method: 'string',
  path: 'string',
  body: 'string',
  bodyBase64: 'string?',
  bodyBytes: 'number',
  verified: 'boolean',
  duplicate: 'boolean',
  schemaErrors: 'array',
  status: 'number',
  durationMs: 'number',
} as const;

/** Checks the fields the log relies on; the rest is trusted as written by this module's owner. */
function parseReceipt(value: unknown): ReceiptRecord | undefined {
  const ok = hasFieldTypes(value, RECEIPT_FIELDS) && isStringRecord(value.headers);
  if (!ok) return undefined;
  const record = value as unknown as Omit<ReceiptRecord, 'verdict'> & { verdict?: unknown };
  return isVerdict(record.verdict)
    ? (record as ReceiptRecord)
    : { ...record, verdict: legacyVerdict(record) };
}

function isVerdict(value: unknown): value is ReceiptVerdict {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Record<string, unknown>).outcome === 'string' &&
    typeof (value as Record<string, unknown>).actionable === 'boolean'
  );
}

/** Receipts written before verdicts were recorded get theirs from the facts they kept. */
function legacyVerdict(r: Omit<ReceiptRecord, 'verdict'>): ReceiptVerdict {
  return decideVerdict({
    status: r.status,
    verified: r.verified,
    reason: r.reason,
    duplicate: r.duplicate,
    aborted: r.status === 0,
    simulatedStatus: r.simulated?.status,
    forwarded: r.forward,
  });
}

/**
 * The bytes the receiver got, exactly: what replay and Copy as curl send. When
 * `bodyTruncated` is set these are only the first `RECORDED_BODY_BYTES`.
 */
export function receiptBodyBytes(receipt: Pick<ReceiptRecord, 'body' | 'bodyBase64'>): Buffer {
  return receipt.bodyBase64 !== undefined
    ? Buffer.from(receipt.bodyBase64, 'base64')
    : Buffer.from(receipt.body, 'utf8');
}

/** How the log store reads and indexes receipts. */
export const receiptKind: LogKind<ReceiptRecord> = {
  name: 'receipts',
  parse: parseReceipt,
  facets: (r) => ({
    id: r.id,
    time: r.time,
    type: r.eventType,
    connectionId: r.connectionId,
    status: r.status,
    verified: r.verified,
    duplicate: r.duplicate,
  }),
};

/** Receipts as one pretty JSON document (the export the editor and CLI offer). */
export function exportReceiptsJson(receipts: readonly ReceiptRecord[]): string {
  return `${JSON.stringify({ receipts }, null, 2)}\n`;
}
