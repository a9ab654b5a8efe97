import { CHECK_IDS, checkDefinition, type CheckId } from '../../../../src/core/checks/checkDefinitions';
import {
  type CheckExchange,
  type CheckResult,
  type CheckStatus,
  countResults,
  type EndpointCheckReport,
} from '../../../../src/core/checks/checkReport';

/** An exchange as a check records it; `status` undefined means no answer (a timeout). */
export function exchangeFixture(label: string, status: number | undefined, ok: boolean): CheckExchange {
  return {
    label,
    request: {
      method: 'POST',
      url: 'http://127.0.0.1:3000/webhooks',
      headers: { 'content-type': 'application/json', 'x-webhook-signature': 'c2lnbmF0dXJl' },
      body: '{"id":"evt_1"}',
      insecure: false,
      timeoutMs: 10_000,
    },
    curl: 'curl --request POST --data-binary \'{"id":"evt_1"}\' \'http://127.0.0.1:3000/webhooks\'',
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 12.5,
    ...(status === undefined
      ? { error: { kind: 'timeout' as const, message: 'no complete answer within 10000 ms' } }
      : {
          response: {
            status,
            statusText: 'Status',
            headers: { 'content-type': 'text/html' },
            bodyHead: '<html>& "quoted" ]]> \u0001 bell</html>',
            bodyBytes: 40,
          },
        }),
    genuine: true,
    ok,
  };
}

export function resultFixture(
  id: CheckId,
  status: CheckStatus,
  exchanges: CheckExchange[] = [],
  text = 'seen',
): CheckResult {
  return {
    ...checkDefinition(id),
    status,
    summary: `summary of ${id} <${status}>`,
    explanation: `explanation: ${text}`,
    ...(status === 'fail' || status === 'warn' ? { fix: 'fix it & retry' } : {}),
    exchanges,
    durationMs: 1500,
  };
}

export function reportFixture(checks: CheckResult[], cancelled = false): EndpointCheckReport {
  const counts = countResults(checks);
  return {
    url: 'http://127.0.0.1:3000/webhooks?a=1&b=2',
    scheme: 'makini',
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:00:03.000Z',
    durationMs: 3000,
    checks,
    counts,
    cancelled,
    passed: counts.failed === 0 && !cancelled,
  };
}

/** One check of each status: a failure (two exchanges, one wrong), a warning, a skip and a pass. */
export function mixedReport(): EndpointCheckReport {
  return reportFixture([
    resultFixture('accepts-event-types', 'pass'),
    resultFixture('answers-in-time', 'warn', [exchangeFixture('sync.completed', 200, false)]),
    resultFixture(
      'rejects-wrong-signature',
      'fail',
      [exchangeFixture('signed with a wrong secret', 200, false), exchangeFixture('other', 401, true)],
      'anyone can <forge> & "sign"',
    ),
    resultFixture('rejects-stale-timestamp', 'skip'),
    resultFixture('survives-retries', 'fail', [exchangeFixture('retry', undefined, false)]),
  ]);
}

/** The report of a run whose first request was refused: every check skipped, `unreachable` set. */
export function unreachableReport(): EndpointCheckReport {
  const skipped = CHECK_IDS.map((id) => resultFixture(id, 'skip'));
  return {
    ...reportFixture(skipped),
    url: 'http://127.0.0.1:9/webhooks',
    unreachable: { code: 'ECONNREFUSED', hint: 'is the endpoint running and listening on that port?' },
    passed: false,
  };
}
