import { type CheckId, checkDefinition } from './checkDefinitions';
import type { Check, CheckContext, CheckOutcome } from './checkContext';
import {
  type CheckExchange,
  type CheckProgress,
  type CheckResult,
  countResults,
  type EndpointCheckReport,
} from './checkReport';
import { acceptsEventTypes, survivesDuplicates, survivesRetries, toleratesUnknown } from './deliveryChecks';
import { type EndpointCheckOptions, resolveCheckOptions } from './checkOptions';
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

/**
 * Runs the endpoint checks against `options.url` and resolves to the report; what the endpoint
 * does wrong is in the report, never thrown. Requests go one at a time.
 * @throws EndpointCheckError for a URL that is not http(s), options out of range, or an unknown check.
 * @throws UnknownSchemeError for a scheme name that does not exist.
 * @throws SigningSecretError when no secret is given or one is unusable by the scheme.
 */
export async function runEndpointChecks(
  options: EndpointCheckOptions,
  control: EndpointCheckControl = {},
): Promise<EndpointCheckReport> {
  const { url, scheme, schemeName, deadlineMs, warnMs, toleranceSeconds, selected } =
    resolveCheckOptions(options);
  const cancel = control.signal ?? new AbortController().signal;
  // Stops the requests, not the judging, once the endpoint has gone silent.
  const giveUp = new AbortController();
  const signal = AbortSignal.any([cancel, giveUp.signal]);
  const emit = (progress: CheckProgress): void => control.onProgress?.(progress);
  const probe = new EndpointProbe({
    url,
    scheme,
    secrets: options.secrets,
    insecure: options.insecure === true,
    timeoutMs: deadlineMs,
    signal,
  });
  const exchanges: CheckExchange[] = [];
  let silent = 0;
  let current: CheckId = selected[0] ?? 'accepts-event-types';
  const context: CheckContext = {
    async send(request) {
      const exchange = await probe.send(request);
      exchanges.push(exchange);
      emit({ kind: 'exchange', id: current, exchange });
      silent = exchange.error?.kind === 'timeout' ? silent + 1 : 0;
      if (silent >= SILENT_LIMIT) giveUp.abort();
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
  const startedAt = new Date();
  const results = new Map<CheckId, CheckResult>();
  const finish = (result: CheckResult): void => {
    results.set(result.id, result);
    emit({ kind: 'checkFinished', result, done: results.size, total: selected.length });
  };
  const notRun = (id: CheckId): CheckResult =>
    cancel.aborted ? skipped(id, 'cancelled', CANCELLED) : skipped(id, 'not run: no answers', GAVE_UP);
  const run = async (id: CheckId, check: Check, sends: boolean): Promise<void> => {
    if (cancel.aborted || (sends && giveUp.signal.aborted)) return finish(notRun(id));
    current = id;
    const definition = checkDefinition(id);
    emit({ kind: 'checkStarted', id, title: definition.title, total: selected.length });
    const started = performance.now();
    const outcome: CheckOutcome = await check(context);
    finish(
      cancel.aborted
        ? skipped(id, 'cancelled', 'The run was cancelled while this check ran.')
        : { ...definition, ...outcome, durationMs: Math.round(performance.now() - started) },
    );
  };
  try {
    const sending = selected.filter((id) => SENDING.has(id));
    // The observing checks judge deliveries; with none selected that sends, they need some.
    if (sending.length === 0) {
      current = selected[0] ?? current;
      await acceptsEventTypes(context);
    }
    for (const id of sending) await run(id, SENDING.get(id) ?? acceptsEventTypes, true);
    for (const id of selected.filter((s) => OBSERVING.has(s)))
      await run(id, OBSERVING.get(id) ?? answersInTime, false);
  } finally {
    probe.dispose();
  }
  const checks = selected.map((id) => results.get(id) ?? notRun(id));
  const counts = countResults(checks);
  const finished = new Date();
  return {
    url: url.toString(),
    scheme: schemeName,
    startedAt: startedAt.toISOString(),
    finishedAt: finished.toISOString(),
    durationMs: finished.getTime() - startedAt.getTime(),
    checks,
    counts,
    cancelled: cancel.aborted,
    passed: counts.failed === 0 && !cancel.aborted,
  };
}
