import * as assert from 'node:assert/strict';
import type { CheckId } from '../../../../src/core/checks/checkDefinitions';
import { CHECK_IDS } from '../../../../src/core/checks/checkDefinitions';
import type {
  CheckProgress,
  CheckStatus,
  EndpointCheckReport,
} from '../../../../src/core/checks/checkReport';
import { EndpointCheckError } from '../../../../src/core/checks/endpointCheckError';
import type { EndpointCheckOptions } from '../../../../src/core/checks/checkOptions';
import { runEndpointChecks } from '../../../../src/core/checks/runEndpointChecks';
import { EVENT_TYPES } from '../../../../src/core/events/catalog';
import { newSecret } from '../../../../src/core/signing/schemes';
import { SigningSecretError } from '../../../../src/core/signing/signatureScheme';
import { closedPort } from '../sender/testEndpoint';
import { type HandlerBehaviour, StandInHandler } from './standInHandler';

const SECRET = 'endpoint-check-secret';

function statuses(report: EndpointCheckReport): Record<string, CheckStatus> {
  return Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
}

function statusOf(report: EndpointCheckReport, id: CheckId): CheckStatus | undefined {
  return report.checks.find((c) => c.id === id)?.status;
}

suite('runEndpointChecks', () => {
  let handler: StandInHandler | undefined;
  teardown(async () => {
    await handler?.stop();
    handler = undefined;
  });

  async function check(
    behaviour: Partial<HandlerBehaviour>,
    options: Partial<EndpointCheckOptions> = {},
  ): Promise<EndpointCheckReport> {
    handler = await StandInHandler.start({ secret: SECRET, ...behaviour });
    return runEndpointChecks({ url: handler.url(), secrets: [SECRET], ...options });
  }

  test('a correct handler passes every check (makini scheme: the stale-timestamp check is skipped)', async () => {
    const report = await check({});
    assert.deepEqual(statuses(report), {
      'accepts-event-types': 'pass',
      'answers-in-time': 'pass',
      'rejects-wrong-signature': 'pass',
      'rejects-missing-signature': 'pass',
      'rejects-tampered-body': 'pass',
      'rejects-stale-timestamp': 'skip',
      'survives-duplicates': 'pass',
      'survives-retries': 'pass',
      'tolerates-unknown': 'pass',
      'no-redirects': 'pass',
      'verifies-raw-bytes': 'pass',
      'accepts-ids-envelope': 'pass',
    });
    assert.equal(report.passed, true);
    assert.deepEqual(report.counts, { total: 12, passed: 11, failed: 0, warned: 0, skipped: 1 });
    assert.deepEqual(
      report.checks.map((c) => c.number),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
    );
    const accepts = report.checks[0];
    assert.deepEqual(
      accepts?.exchanges.map((e) => e.label),
      [...EVENT_TYPES],
    );
    const duplicates = report.checks.find((c) => c.id === 'survives-duplicates');
    assert.match(duplicates?.explanation ?? '', /marked copies 2 and 3 as duplicates/);
  });

  test('a correct handler on the standard scheme passes every check, the stale timestamp included', async () => {
    const secret = newSecret('standard');
    handler = await StandInHandler.start({ secret, scheme: 'standard' });
    const report = await runEndpointChecks({ url: handler.url(), secrets: [secret], scheme: 'standard' });
    assert.deepEqual(report.counts, { total: 12, passed: 12, failed: 0, warned: 0, skipped: 0 });
    const stale = report.checks.find((c) => c.id === 'rejects-stale-timestamp');
    assert.equal(stale?.exchanges[0]?.response?.status, 401);
    assert.equal(stale?.exchanges[0]?.genuine, false);
  });

  test('a handler that verifies a re-serialisation of the parsed JSON fails the raw-bytes check, and only it', async () => {
    const report = await check({ reserialise: true });
    const raw = report.checks.find((c) => c.id === 'verifies-raw-bytes');
    assert.equal(raw?.status, 'fail');
    assert.equal(raw?.exchanges[0]?.response?.status, 401);
    assert.match(raw?.explanation ?? '', /re-serialisation of the parsed JSON/);
    assert.match(raw?.fix ?? '', /raw bytes/);
    const body = raw?.exchanges[0]?.request.body ?? '';
    assert.notEqual(body, JSON.stringify(JSON.parse(body)), 'the body must differ from its re-serialisation');
    assert.match(body, /\\u00[0-9a-f]{2}/);
    // Compact JSON signs the same either way: the other checks cannot see this handler's flaw.
    const others = report.checks.filter((c) => c.id !== 'verifies-raw-bytes' && c.status === 'fail');
    assert.deepEqual(
      others.map((c) => c.id),
      [],
    );
  });

  test('a handler that knows only the detailed envelope fails the ids-envelope check', async () => {
    const report = await check({ failIdsEnvelope: true });
    const ids = report.checks.find((c) => c.id === 'accepts-ids-envelope');
    assert.equal(ids?.status, 'fail');
    assert.equal(ids?.exchanges[0]?.response?.status, 500);
    const sent = JSON.parse(ids?.exchanges[0]?.request.body ?? '{}') as { event?: string; body?: unknown[] };
    assert.equal(sent.event, 'work_orders.updated');
    assert.equal(sent.body?.length, 3);
    assert.ok(sent.body?.every((id) => typeof id === 'string'));
    assert.deepEqual(Object.keys(sent), ['event', 'body']);
  });

  test('a handler that skips verification fails checks 3 to 5, and says anyone can forge', async () => {
    const report = await check({ verify: false });
    assert.equal(statusOf(report, 'rejects-wrong-signature'), 'fail');
    assert.equal(statusOf(report, 'rejects-missing-signature'), 'fail');
    assert.equal(statusOf(report, 'rejects-tampered-body'), 'fail');
    assert.equal(statusOf(report, 'accepts-event-types'), 'pass');
    assert.equal(report.passed, false);
    const wrong = report.checks.find((c) => c.id === 'rejects-wrong-signature');
    assert.match(wrong?.explanation ?? '', /accepts webhooks anyone can forge/);
    assert.match(wrong?.fix ?? '', /raw body bytes/);
    const exchange = wrong?.exchanges[0];
    assert.equal(exchange?.response?.status, 200);
    assert.equal(exchange?.ok, false);
    assert.match(
      exchange?.curl ?? '',
      /^printf '.*' \| curl .*--header 'x-webhook-signature: [A-Za-z0-9+/=]+'/,
    );
    assert.equal(exchange?.response?.bodyHead, '{"received":true}');
    const missing = report.checks.find((c) => c.id === 'rejects-missing-signature');
    assert.equal(missing?.exchanges[0]?.request.headers['x-webhook-signature'], undefined);
  });

  test('a handler that answers after the deadline fails check 2, naming the slowest and the median', async () => {
    const report = await check({ delayMs: 250 }, { deadlineMs: 100, warnMs: 50 });
    const timing = report.checks.find((c) => c.id === 'answers-in-time');
    assert.equal(timing?.status, 'fail');
    assert.match(timing?.summary ?? '', /slowest \d+ ms, median \d+ ms over \d+ deliveries/);
    assert.ok((timing?.exchanges.length ?? 0) > 0);
    assert.equal(timing?.exchanges[0]?.error?.kind, 'timeout');
  });

  test('an endpoint that stops answering: after three silent requests the rest are not sent', async () => {
    const report = await check({ delayMs: 60_000 }, { deadlineMs: 80, warnMs: 40 });
    assert.equal(handler?.requests, 3);
    assert.equal(report.cancelled, false);
    assert.equal(report.passed, false);
    assert.deepEqual(statuses(report), {
      'accepts-event-types': 'fail',
      'answers-in-time': 'fail',
      'rejects-wrong-signature': 'skip',
      'rejects-missing-signature': 'skip',
      'rejects-tampered-body': 'skip',
      'rejects-stale-timestamp': 'skip',
      'survives-duplicates': 'skip',
      'survives-retries': 'skip',
      'tolerates-unknown': 'skip',
      'no-redirects': 'skip',
      'verifies-raw-bytes': 'skip',
      'accepts-ids-envelope': 'skip',
    });
    assert.match(
      report.checks[0]?.explanation ?? '',
      new RegExp(`Only 3 of the ${EVENT_TYPES.length} types were sent`),
    );
    assert.match(report.checks[2]?.explanation ?? '', /no answer within the deadline to 3 requests in a row/);
  });

  test('a handler that answers slower than the warning threshold but within the deadline warns', async () => {
    const report = await check({ delayMs: 40 }, { deadlineMs: 2000, warnMs: 10, only: ['answers-in-time'] });
    assert.deepEqual(statuses(report), { 'answers-in-time': 'warn' });
    assert.equal(report.passed, true);
  });

  test('a handler that 500s on unknown event types fails check 9', async () => {
    const report = await check({ failUnknownTypes: true });
    const unknown = report.checks.find((c) => c.id === 'tolerates-unknown');
    assert.equal(unknown?.status, 'fail');
    assert.match(
      unknown?.explanation ?? '',
      /500 Internal Server Error for unknown type 'inspection\.completed'/,
    );
    assert.equal(statusOf(report, 'accepts-event-types'), 'pass');
  });

  test('a handler that redirects fails check 10, with the location', async () => {
    const report = await check({ redirectTo: 'https://example.invalid/hooks/' });
    const redirects = report.checks.find((c) => c.id === 'no-redirects');
    assert.equal(redirects?.status, 'fail');
    assert.match(redirects?.summary ?? '', /301 with location https:\/\/example\.invalid\/hooks\//);
    assert.ok(redirects?.exchanges.every((e) => e.response?.status === 301));
  });

  test('a handler that refuses repeats with 409 fails the duplicate and retry checks', async () => {
    const report = await check(
      { conflictOnRepeat: true },
      { only: ['survives-duplicates', 'survives-retries'] },
    );
    assert.deepEqual(statuses(report), { 'survives-duplicates': 'fail', 'survives-retries': 'fail' });
    assert.match(report.checks[0]?.explanation ?? '', /409 Conflict for copy 2 of 3, copy 3 of 3/);
  });

  test('--only runs the chosen checks; the observing ones send deliveries of their own when needed', async () => {
    const report = await check({}, { only: ['no-redirects'] });
    assert.deepEqual(statuses(report), { 'no-redirects': 'pass' });
    assert.equal(handler?.requests, EVENT_TYPES.length);
  });

  test('an endpoint nobody listens on: one request, then every check skipped and the report says why', async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}/webhooks`;
    const sent: CheckProgress[] = [];
    const report = await runEndpointChecks(
      { url, secrets: [SECRET] },
      { onProgress: (p) => void (p.kind === 'exchange' && sent.push(p)) },
    );
    assert.equal(sent.length, 1, 'no request follows one that could not connect');
    assert.deepEqual(report.unreachable, {
      code: 'ECONNREFUSED',
      hint: 'is the endpoint running and listening on that port?',
    });
    assert.equal(report.passed, false);
    assert.deepEqual(report.counts, { total: 12, passed: 0, failed: 0, warned: 0, skipped: 12 });
    assert.ok(
      report.checks.every((c) => c.summary === 'not run: could not connect' && c.exchanges.length === 0),
    );
  });

  test('progress is reported per check and per request; cancelling skips the rest', async () => {
    handler = await StandInHandler.start({ secret: SECRET });
    const controller = new AbortController();
    const seen: CheckProgress[] = [];
    const report = await runEndpointChecks(
      { url: handler.url(), secrets: [SECRET] },
      {
        signal: controller.signal,
        onProgress: (progress) => {
          seen.push(progress);
          if (progress.kind === 'checkFinished' && progress.result.id === 'rejects-wrong-signature')
            controller.abort();
        },
      },
    );
    assert.equal(seen[0]?.kind, 'checkStarted');
    assert.equal(seen.filter((p) => p.kind === 'exchange').length, EVENT_TYPES.length + 1);
    assert.equal(seen.filter((p) => p.kind === 'checkStarted').length, 2);
    // Checks skipped by the cancellation finish too, so a progress bar reaches its end.
    assert.deepEqual(
      seen.map((p) => (p.kind === 'checkFinished' ? p.done : 0)).filter((done) => done > 0),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
    );
    assert.equal(report.cancelled, true);
    assert.equal(report.passed, false);
    assert.equal(report.checks.length, CHECK_IDS.length);
    assert.equal(statusOf(report, 'rejects-missing-signature'), 'skip');
  });

  test('the secret appears nowhere in the report', async () => {
    const report = await check({ verify: false });
    assert.ok(!JSON.stringify(report).includes(SECRET));
  });

  test('bad options are refused before any request, with typed errors', async () => {
    await assert.rejects(
      runEndpointChecks({ url: 'ftp://x', secrets: [SECRET] }),
      (e) => e instanceof EndpointCheckError && e.code === 'invalid_url',
    );
    await assert.rejects(runEndpointChecks({ url: 'http://127.0.0.1:1/', secrets: [] }), SigningSecretError);
    await assert.rejects(
      runEndpointChecks({ url: 'http://127.0.0.1:1/', secrets: [SECRET], deadlineMs: 100, warnMs: 200 }),
      (e) => e instanceof EndpointCheckError && e.code === 'invalid_options',
    );
    await assert.rejects(
      runEndpointChecks({ url: 'http://127.0.0.1:1/', secrets: ['not base64!'], scheme: 'standard' }),
      SigningSecretError,
    );
  });
});
