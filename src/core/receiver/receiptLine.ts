import type { SignatureDiagnosis } from '../signing/signatureDoctor';
import type { SignedAs } from '../signing/signatureScheme';
import { countOf } from '../text/plural';
import type { ReceiptRecord } from './receiptRecord';

/**
 * One human line per request: time, type, event id, connection, check, duplicate, status, forward
 * result, and the receipt id (what `replay` takes; the event id works too).
 */
export function formatReceiptLine(r: ReceiptRecord): string {
  const time = r.time.slice(11, 19);
  const check = r.verified ? '✓ verified' : `✗ ${r.verdict.reason ?? r.reason ?? 'unverified'}`;
  const parts = [
    time,
    r.eventType ?? `${r.method} ${r.path}`,
    r.eventId ?? '-',
    r.connectionId ?? '-',
    check,
  ];
  if (r.envelope === 'unknown_envelope') parts.push('unknown_envelope');
  if (r.verdict.outcome === 'duplicate') parts.push(`duplicate (by ${r.duplicateKey ?? 'event_id'})`);
  if (r.verdict.outcome === 'simulated_failure') parts.push('simulated failure');
  if (r.schemaErrors.length > 0)
    parts.push(`schema: ${countOf(r.schemaErrors.length, 'problem')}, first ${r.schemaErrors[0]}`);
  parts.push(
    r.status === 0 ? 'no answer (client went away)' : String(r.status),
    `${Math.round(r.durationMs)}ms`,
  );
  if (r.forward) {
    const result = r.forward.error ? `${r.forward.error}` : String(r.forward.status);
    parts.push(`→ app ${result} (${Math.round(r.forward.ms)}ms)`);
  }
  parts.push(r.id);
  return `${parts.join('  ')}\n`;
}

/** The signature doctor's fix, to print under a refused receipt's line; undefined without one. */
export function formatReceiptFix(r: ReceiptRecord): string | undefined {
  return r.diagnosis ? `  fix: ${r.diagnosis.fix}\n` : undefined;
}

function signedAsJson(s: SignedAs): Record<string, unknown> {
  return {
    header: s.header,
    encoding: s.encoding,
    content: s.content,
    ...(s.deprecated ? { deprecated: true } : {}),
  };
}

/** The diagnosis as `--json` shows it: what matched and the fix; or what was received and expected. */
function diagnosisJson(d: SignatureDiagnosis): Record<string, unknown> {
  if (d.matched)
    return {
      header: d.header,
      encoding: d.encoding,
      content: d.content,
      secret: d.secret,
      scheme: d.scheme,
      fix: d.fix,
    };
  return {
    matched: false,
    fix: d.fix,
    ...(d.received ? { received: d.received } : {}),
    ...(d.expected ? { expected: d.expected } : {}),
    ...(d.steps.stoppedAtLimit ? { stopped_at_limit: d.steps.limit } : {}),
  };
}

/** The `--json` line for a request, in the documented field order. */
export function formatReceiptJson(r: ReceiptRecord): string {
  const line = {
    event: 'received',
    receipt_id: r.id,
    id: r.eventId ?? null,
    type: r.eventType ?? null,
    connection_id: r.connectionId ?? null,
    verified: r.verified,
    ...(r.signedAs ? { signed_as: signedAsJson(r.signedAs) } : {}),
    ...(r.reason !== undefined ? { reason: r.reason } : {}),
    ...(r.diagnosis ? { diagnosis: diagnosisJson(r.diagnosis) } : {}),
    duplicate: r.duplicate,
    ...(r.duplicateKey !== undefined ? { duplicate_key: r.duplicateKey } : {}),
    ...(r.envelope !== undefined ? { envelope: r.envelope } : {}),
    outcome: r.verdict.outcome,
    ...(r.schemaErrors.length > 0 ? { schema_errors: r.schemaErrors } : {}),
    status: r.status,
    ms: Math.round(r.durationMs * 10) / 10,
    ...(r.forward
      ? {
          forward: {
            status: r.forward.status ?? null,
            ms: r.forward.ms,
            ...(r.forward.error !== undefined ? { error: r.forward.error } : {}),
          },
        }
      : {}),
  };
  return `${JSON.stringify(line)}\n`;
}
