import { errorMessage } from '../errors';
import { MakiniApiError } from './apiErrors';

/** What Makini support asks for about a failed call. */
export interface SupportReport {
  readonly time: string;
  readonly operation?: string;
  readonly endpoint?: string;
  readonly connectionId?: string;
  readonly requestId?: string;
  readonly status?: number;
  readonly makiniCode?: string;
  readonly attempts?: number;
  readonly message: string;
}

/** The support report for any thrown value (richest for a {@link MakiniApiError}). */
export function supportReport(error: unknown, now: Date = new Date()): SupportReport {
  const time = now.toISOString();
  if (!MakiniApiError.is(error)) return { time, message: errorMessage(error) };
  return {
    time,
    operation: error.operation,
    endpoint: error.endpoint,
    connectionId: error.connectionId,
    requestId: error.requestId,
    status: error.status,
    makiniCode: error.makiniCode,
    attempts: error.attempts,
    message: error.message,
  };
}

/** The report as text to copy into a support request; absent facts are left out. */
export function formatSupportReport(report: SupportReport): string {
  const lines: [string, string | number | undefined][] = [
    ['Time', report.time],
    ['Operation', report.operation],
    ['Endpoint', report.endpoint],
    ['Connection', report.connectionId],
    ['Request ID', report.requestId],
    ['HTTP status', report.status],
    ['Makini code', report.makiniCode],
    ['Attempts', report.attempts],
    ['Message', report.message],
  ];
  return [
    'Makini support report (contains no secrets)',
    ...lines.filter(([, v]) => v !== undefined).map(([k, v]) => `  ${k}: ${String(v)}`),
    "  If this keeps happening, check Makini's status page and send this report to Makini support.",
  ].join('\n');
}
