import { type CheckId, checkDefinition } from './checkDefinitions';
import type { Check, CheckContext, CheckOutcome } from './checkContext';
import {
  type CheckExchange,
  type CheckProgress,
  type CheckResult,
  countResults,
  type EndpointCheckReport,
  type Unreachable,
} from './checkReport';
import { unreachableFrom } from './unreachable';
import { acceptsEventTypes, survivesDuplicates, survivesRetries, toleratesUnknown } from './deliveryChecks';
import { type EndpointCheckOptions, type ResolvedCheckOptions, resolveCheckOptions } from './checkOptions';
import { acceptsIdsEnvelope, verifiesRawBytes } from './contractChecks';
import { EndpointProbe } from './endpointProbe';
import { answersInTime, noRedirects } from './observingChecks';
import {
  rejectsMissingSignature,
  rejectsStaleTimestamp,
  rejectsTamperedBody,
  rejectsWrongSignature,
} from './signatureChecks';

export interface EndpointCheckControl {
  /** Cancels the run: the request in flight is cut, and the checks not finished are skipped. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: CheckProgress) => void;
}

/** Checks that send requests, in the order they run; the deadline and redirect checks judge them after. */
const SENDING: ReadonlyMap<CheckId, Check> = new Map<CheckId, Check>([
  ['accepts-event-types', acceptsEventTypes],
  ['rejects-wrong-signature', rejectsWrongSignature],
  ['rejects-missing-signature', rejectsMissingSignature],
  ['rejects-tampered-body', rejectsTamperedBody],
  ['rejects-stale-timestamp', rejectsStaleTimestamp],
  ['survives-duplicates', survivesDuplicates],
  ['survives-retries', survivesRetries],
  ['tolerates-unknown', toleratesUnknown],
  ['verifies-raw-bytes', verifiesRawBytes],
  ['accepts-ids-envelope', acceptsIdsEnvelope],
]);
const OBSERVING: ReadonlyMap<CheckId, Check> = new Map<CheckId, Check>([
  ['answers-in-time', answersInTime],
  ['no-redirects', noRedirects],
]);

/** After this many requests in a row without an answer, the rest would only wait out the deadline. */
const SILENT_LIMIT = 3;
const CANCELLED = 'The run was cancelled before this check ran.';
const GAVE_UP = `Not run: the endpoint gave no answer within the deadline to ${SILENT_LIMIT} requests in a row, so the remaining requests were not sent.`;

function skipped(id: CheckId, summary: string, explanation: string): CheckResult {
  return { ...checkDefinition(id), status: 'skip', summary, explanation, exchanges: [], durationMs: 0 };
}

/** One run of the checks: the probe, the exchanges so far, and each check's result. */
class CheckRun {
  readonly context: CheckContext;
  readonly cancel: AbortSignal;
  private readonly giveUp = new AbortController();
  private readonly probe: EndpointProbe;
  private readonly results = new Map<CheckId, CheckResult>();
  private silent = 0;
  private answered = false;
  /** Set when the first requests could not connect: every check is then skipped. */
  unreachable: Unreachable | undefined;
  private current: CheckId;

  constructor(
    options: EndpointCheckOptions,
    private readonly resolved: ResolvedCheckOptions,
    private readonly control: EndpointCheckControl,
  ) {
    const { url, scheme, schemeName, deadlineMs, warnMs, toleranceSeconds, selected } = resolved;
    this.cancel = control.signal ?? new AbortController().signal;
    // Stops the requests, not the judging, once the endpoint has gone silent.
    const signal = AbortSignal.any([this.cancel, this.giveUp.signal]);
    this.probe = new EndpointProbe({
      url,
      scheme,
      secrets: options.secrets,
      insecure: options.insecure === true,
      timeoutMs: deadlineMs,
      signal,
    });
    this.current = selected[0] ?? 'accepts-event-types';
    const exchanges: CheckExchange[] = [];
    this.context = {
      send: async (request) => {
        const exchange = await this.probe.send(request);
        exchanges.push(exchange);
        this.emit({ kind: 'exchange', id: this.current, exchange });
        this.silent = exchange.error?.kind === 'timeout' ? this.silent + 1 : 0;
        if (this.silent >= SILENT_LIMIT) this.giveUp.abort();
        this.answered ||= exchange.response !== undefined;
        // Nothing ever answered and this could not even connect: no other request would either.
        this.unreachable ??= this.answered ? undefined : unreachableFrom(exchange.error);
        if (this.unreachable) this.giveUp.abort();
        return exchange;
      },
      exchanges,
      scheme,
      schemeName,
      ...(options.connectionId === undefined ? {} : { connectionId: options.connectionId }),
      deadlineMs,
      warnMs,
      toleranceSeconds,
      signal,
    };
  }

  /** The sending checks in order, then the observing ones; the probe is closed after. */
  async runAll(): Promise<void> {
    const selected = this.resolved.selected;
    try {
      const sending = selected.filter((id) => SENDING.has(id));
      // The observing checks judge deliveries; with none selected that sends, they need some.
      if (sending.length === 0) {
        this.current = selected[0] ?? this.current;
        await acceptsEventTypes(this.context);
      }
      for (const id of sending) await this.run(id, SENDING.get(id) ?? acceptsEventTypes, true);
      for (const id of selected.filter((s) => OBSERVING.has(s)))
        await this.run(id, OBSERVING.get(id) ?? answersInTime, false);
    } finally {
      this.probe.dispose();
    }
  }

  /** Every selected check's result, in report order; skipped for those that did not run. */
  checks(): CheckResult[] {
    return this.resolved.selected.map((id) => this.results.get(id) ?? this.notRun(id));
  }

  private async run(id: CheckId, check: Check, sends: boolean): Promise<void> {
    const stopped = this.unreachable !== undefined || (sends && this.giveUp.signal.aborted);
    if (this.cancel.aborted || stopped) return this.finish(this.notRun(id));
    this.current = id;
    const definition = checkDefinition(id);
    this.emit({ kind: 'checkStarted', id, title: definition.title, total: this.resolved.selected.length });
    const started = performance.now();
    const outcome: CheckOutcome = await check(this.context);
    if (this.unreachable) return this.finish(this.notRun(id));
    this.finish(
      this.cancel.aborted
        ? skipped(id, 'cancelled', 'The run was cancelled while this check ran.')
        : { ...definition, ...outcome, durationMs: Math.round(performance.now() - started) },
    );
  }

  private finish(result: CheckResult): void {
    this.results.set(result.id, result);
    this.emit({
      kind: 'checkFinished',
      result,
      done: this.results.size,
      total: this.resolved.selected.length,
    });
  }

  private notRun(id: CheckId): CheckResult {
    if (this.cancel.aborted) return skipped(id, 'cancelled', CANCELLED);
    if (this.unreachable) {
      const { code, hint } = this.unreachable;
      const explanation = `Not run: could not connect to ${this.resolved.url.toString()} (${code}): ${hint}`;
      return skipped(id, 'not run: could not connect', explanation);
    }
    return skipped(id, 'not run: no answers', GAVE_UP);
  }

  private emit(progress: CheckProgress): void {
    this.control.onProgress?.(progress);
  }
}

/**
 * Runs the endpoint checks against `options.url` and resolves to the report; what the endpoint
 * does wrong is in the report, never thrown. Requests go one at a time. When the first request
 * cannot connect at all, the rest are not sent: the report says so (`unreachable`), every check
 * skipped.
 * @throws EndpointCheckError for a URL that is not http(s), options out of range, or an unknown check.
 * @throws UnknownSchemeError for a scheme name that does not exist.
 * @throws SigningSecretError when no secret is given or one is unusable by the scheme.
 */
export async function runEndpointChecks(
  options: EndpointCheckOptions,
  control: EndpointCheckControl = {},
): Promise<EndpointCheckReport> {
  const resolved = resolveCheckOptions(options);
  const run = new CheckRun(options, resolved, control);
  const startedAt = new Date();
  await run.runAll();
  const checks = run.checks();
  const counts = countResults(checks);
  const finished = new Date();
  const cancelled = run.cancel.aborted;
  const { unreachable } = run;
  return {
    url: resolved.url.toString(),
    scheme: resolved.schemeName,
    startedAt: startedAt.toISOString(),
    finishedAt: finished.toISOString(),
    durationMs: finished.getTime() - startedAt.getTime(),
    checks,
    counts,
    cancelled,
    ...(unreachable ? { unreachable } : {}),
    passed: counts.failed === 0 && !cancelled && !unreachable,
  };
}
