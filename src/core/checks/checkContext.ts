import type { SchemeName } from '../signing/schemes';
import type { SignatureScheme } from '../signing/signatureScheme';
import type { CheckExchange, CheckResult } from './checkReport';
import type { ProbeRequest } from './endpointProbe';

/** What a check works with: a way to send, and the run's settings. */
export interface CheckContext {
  /** Sends one request to the endpoint and records it in the run. */
  send(probe: ProbeRequest): Promise<CheckExchange>;
  /** Every exchange of the run so far (the deadline and redirect checks judge these). */
  readonly exchanges: readonly CheckExchange[];
  readonly scheme: SignatureScheme;
  readonly schemeName: SchemeName;
  readonly connectionId?: string;
  readonly deadlineMs: number;
  readonly warnMs: number;
  readonly toleranceSeconds: number;
  readonly signal: AbortSignal;
}

/** What a check decides; the runner adds its id, title and duration. */
export type CheckOutcome = Pick<CheckResult, 'status' | 'summary' | 'explanation' | 'fix' | 'exchanges'>;

export type Check = (context: CheckContext) => Promise<CheckOutcome>;

/** `401 Unauthorized`, or why there was no answer. */
export function describeAnswer(exchange: CheckExchange): string {
  if (exchange.response) return `${exchange.response.status} ${exchange.response.statusText}`.trim();
  return `no answer (${exchange.error?.message ?? 'unknown error'})`;
}

/** The answer's status, or undefined when there was none. */
export function statusOf(exchange: CheckExchange): number | undefined {
  return exchange.response?.status;
}

/** `a, b and c`. */
export function listText(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}
