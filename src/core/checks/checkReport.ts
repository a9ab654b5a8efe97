import type { AttemptError } from '../sender/attemptError';
import type { AttemptRequest } from '../sender/deliveryRecord';
import type { CheckId } from './checkDefinitions';

// Plain JSON: the editor shows these, the CLI prints them, CI stores them. They hold signatures
// (which reveal nothing) but never a secret.

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

/** The endpoint's answer, as much of it as a report needs. */
export interface CheckAnswer {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
  /** The first {@link BODY_HEAD_BYTES} bytes of the body, as UTF-8. */
  readonly bodyHead: string;
  /** The size of the whole body. */
  readonly bodyBytes: number;
}

/** One request a check made, and what came back. */
export interface CheckExchange {
  /** What this request was, e.g. `sync.completed` or `copy 2 of 3`. */
  readonly label: string;
  readonly request: AttemptRequest;
  /** The same request as a copyable curl command line. */
  readonly curl: string;
  /** ISO 8601. */
  readonly startedAt: string;
  readonly durationMs: number;
  readonly response?: CheckAnswer;
  /** Why there was no answer (timeout, refused, ...). */
  readonly error?: AttemptError;
  /** Signed correctly, as Makini would send it (the deadline applies to these). */
  readonly genuine: boolean;
  /** The answer was what the check expected. */
  readonly ok: boolean;
}

export interface CheckResult {
  readonly id: CheckId;
  readonly number: number;
  readonly title: string;
  readonly status: CheckStatus;
  /** One line: what was seen. */
  readonly summary: string;
  /** What was tried, what was seen, and why it matters. */
  readonly explanation: string;
  /** What to change, for a failure or warning. */
  readonly fix?: string;
  readonly exchanges: readonly CheckExchange[];
  readonly durationMs: number;
}

export interface CheckCounts {
  readonly total: number;
  readonly passed: number;
  readonly failed: number;
  readonly warned: number;
  readonly skipped: number;
}

export interface EndpointCheckReport {
  readonly url: string;
  readonly scheme: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  /** In checklist order; only the checks asked for. */
  readonly checks: readonly CheckResult[];
  readonly counts: CheckCounts;
  /** The run was cancelled; checks that had not run are skipped. */
  readonly cancelled: boolean;
  /**
   * The first request could not connect at all (refused, unknown host, unreachable network): no
   * check was run, and the report is this one fact. See {@link unreachableText}.
   */
  readonly unreachable?: Unreachable;
  /** Nothing failed and the run was not cancelled (warnings allowed). */
  readonly passed: boolean;
}

/** Why the endpoint could not be reached: the system code and the advice for it. */
export interface Unreachable {
  /** `ECONNREFUSED`, `ENOTFOUND`, ... */
  readonly code: string;
  /** What to look at, e.g. "is the endpoint running and listening on that port?". */
  readonly hint: string;
}

/** The one line an unreachable endpoint's report comes down to. */
export function unreachableText(url: string, unreachable: Unreachable): string {
  return `could not connect to ${url} (${unreachable.code}): ${unreachable.hint} No check was run.`;
}

/** Reported while a run is under way, for progress bars and live views. */
export type CheckProgress =
  | { readonly kind: 'checkStarted'; readonly id: CheckId; readonly title: string; readonly total: number }
  | { readonly kind: 'exchange'; readonly id: CheckId; readonly exchange: CheckExchange }
  | {
      readonly kind: 'checkFinished';
      readonly result: CheckResult;
      /** How many checks have finished, this one included. */
      readonly done: number;
      readonly total: number;
    };

export const BODY_HEAD_BYTES = 1024;

/** Counts results by status. */
export function countResults(results: readonly CheckResult[]): CheckCounts {
  const count = (status: CheckStatus): number => results.filter((r) => r.status === status).length;
  return {
    total: results.length,
    passed: count('pass'),
    failed: count('fail'),
    warned: count('warn'),
    skipped: count('skip'),
  };
}
