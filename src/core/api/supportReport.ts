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

/** Where the failure happened: what support asks for besides the failed call. No secrets. */
export interface SupportEnvironment {
  readonly extensionVersion: string;
  /** `sandbox` or `live`, or `not started`. */
  readonly mode: string;
  readonly apiUrl?: string;
  /** The editor and its version, e.g. `VS Code 1.96.0` or `code-server 1.96.0`. */
  readonly editor: string;
  /** Platform, release and architecture, e.g. `linux 6.8.0 x64`. */
  readonly os: string;
}

/** `url` with any user name and password taken out, so a report never carries them. */
function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username === '' && parsed.password === '') return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/[^/@]*@/, '//');
  }
}

/**
 * The report as text to copy into a support request: the environment when given, then the last
 * failed call (or that there was none); absent facts are left out. Holds no secret: the API URL
 * loses any credentials it has, and no client secret or token is ever part of a report.
 */
export function formatSupportReport(report?: SupportReport, environment?: SupportEnvironment): string {
  const about: [string, string | number | undefined][] = environment
    ? [
        ['Extension version', environment.extensionVersion],
        ['Mode', environment.mode],
        ['API URL', environment.apiUrl === undefined ? undefined : withoutCredentials(environment.apiUrl)],
        ['Editor', environment.editor],
        ['OS', environment.os],
      ]
    : [];
  const failure: [string, string | number | undefined][] = report
    ? [
        ['Time', report.time],
        ['Operation', report.operation],
        ['Endpoint', report.endpoint],
        ['Connection', report.connectionId],
        ['Request ID', report.requestId],
        ['HTTP status', report.status],
        ['Makini code', report.makiniCode],
        ['Attempts', report.attempts],
        ['Message', report.message],
      ]
    : [['Last error', 'none since the last successful poll']];
  return [
    'Makini support report (contains no secrets)',
    ...[...about, ...failure].filter(([, v]) => v !== undefined).map(([k, v]) => `  ${k}: ${String(v)}`),
    '  Send this report to Makini support with your question.',
  ].join('\n');
}
