import * as assert from 'node:assert/strict';
import { renderJsonLines } from '../../../../src/core/checks/jsonLinesReport';
import { escapeXml, renderJunit } from '../../../../src/core/checks/junitReport';
import { renderTextReport } from '../../../../src/core/checks/textReport';
import {
  exchangeFixture,
  mixedReport,
  reportFixture,
  resultFixture,
  unreachableReport,
} from './reportFixtures';
import { findAll, parseXml } from './xmlTree';

suite('endpoint check reports', () => {
  test('escapeXml escapes markup and replaces characters XML cannot carry', () => {
    assert.equal(escapeXml(`a<b>&"c"'d'`), 'a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;');
    assert.equal(escapeXml('x\u0001y\uFFFEz\uD800'), 'x\uFFFDy\uFFFDz\uFFFD');
    assert.equal(escapeXml('😀\t\n'), '😀\t\n');
  });

  test('JUnit: well-formed, one test case per check, failures with messages, skips, warnings as output', () => {
    const xml = renderJunit(mixedReport());
    const root = parseXml(xml);
    assert.equal(root.name, 'testsuites');
    assert.deepEqual(
      [root.attributes.tests, root.attributes.failures, root.attributes.skipped, root.attributes.time],
      ['5', '2', '1', '3.000'],
    );
    const suites = findAll(root, 'testsuite');
    assert.equal(suites.length, 1);
    assert.equal(
      suites[0]?.attributes.name,
      'Webhook endpoint checks: http://127.0.0.1:3000/webhooks?a=1&b=2',
    );
    const cases = findAll(root, 'testcase');
    assert.deepEqual(
      cases.map((c) => c.attributes.name),
      [
        '1. Accepts every event type (accepts-event-types)',
        '2. Answers within the deadline (answers-in-time)',
        '3. Rejects a wrong signature (rejects-wrong-signature)',
        '6. Rejects a stale timestamp (rejects-stale-timestamp)',
        '8. Survives retries (survives-retries)',
      ],
    );
    assert.equal(cases[0]?.children.length, 0);
    assert.equal(cases[0]?.attributes.time, '1.500');
    const [failure] = findAll(cases[2] ?? root, 'failure');
    assert.equal(failure?.attributes.message, 'summary of rejects-wrong-signature <fail>');
    assert.match(failure?.text ?? '', /explanation: anyone can <forge> & "sign"/);
    assert.match(failure?.text ?? '', /What to change: fix it & retry/);
    assert.match(failure?.text ?? '', /signed with a wrong secret:\n {2}request: curl /);
    assert.match(failure?.text ?? '', /<html>& "quoted" \]\]> \\x01 bell<\/html>/);
    assert.doesNotMatch(failure?.text ?? '', /other:/, 'exchanges that went as expected are left out');
    assert.equal(
      findAll(cases[3] ?? root, 'skipped')[0]?.attributes.message,
      'summary of rejects-stale-timestamp <skip>',
    );
    assert.match(findAll(cases[1] ?? root, 'system-out')[0]?.text ?? '', /^WARNING: /);
    assert.match(
      findAll(cases[4] ?? root, 'failure')[0]?.text ?? '',
      /answer: no answer \(no complete answer within/,
    );
  });

  test('JUnit: an all-passing report has no failures', () => {
    const root = parseXml(renderJunit(reportFixture([resultFixture('no-redirects', 'pass')])));
    assert.equal(root.attributes.failures, '0');
    assert.equal(findAll(root, 'failure').length, 0);
  });

  test('JSON lines: one line per check in order, then a summary', () => {
    const lines = renderJsonLines(mixedReport())
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.equal(lines.length, 6);
    assert.deepEqual(
      lines.map((l) => [l.event, l.number ?? null, l.status ?? null]),
      [
        ['check', 1, 'pass'],
        ['check', 2, 'warn'],
        ['check', 3, 'fail'],
        ['check', 6, 'skip'],
        ['check', 8, 'fail'],
        ['summary', null, null],
      ],
    );
    assert.deepEqual(lines[5], {
      event: 'summary',
      url: 'http://127.0.0.1:3000/webhooks?a=1&b=2',
      scheme: 'makini',
      passed: false,
      cancelled: false,
      total: 5,
      pass: 1,
      fail: 2,
      warn: 1,
      skip: 1,
      ms: 3000,
    });
    const requests = lines[2]?.requests as Record<string, unknown>[];
    assert.equal(requests.length, 2);
    assert.equal(requests[0]?.status, 200);
    assert.match(String(requests[0]?.curl), /^curl /);
    assert.equal((lines[4]?.requests as Record<string, unknown>[])[0]?.error, 'timeout');
  });

  test('text: a table of every check, details only for failures and warnings, and a verdict', () => {
    const text = renderTextReport(mixedReport());
    assert.match(text, /^ 1 {2}Accepts every event type +PASS {2}summary of accepts-event-types <pass>$/m);
    assert.match(text, /^ 6 {2}Rejects a stale timestamp +SKIP/m);
    assert.match(text, /^3\. Rejects a wrong signature: FAIL$/m);
    assert.match(text, /^ {3}What to change: fix it & retry$/m);
    assert.doesNotMatch(text, /^1\. Accepts every event type:/m);
    assert.match(text, /^Failed: 1 passed, 2 failed, 1 warned, 1 skipped in 3\.0 s$/m);
    const long = exchangeFixture('x', 500, false);
    const many = reportFixture([
      resultFixture('accepts-event-types', 'fail', [long, long, long, long, long]),
    ]);
    assert.match(renderTextReport(many), /\(and 4 more in the full report\)/);
  });

  const UNREACHABLE =
    'could not connect to http://127.0.0.1:9/webhooks (ECONNREFUSED): is the endpoint running and listening on that port? No check was run.';

  test('an unreachable endpoint: the text report is one line', () => {
    assert.equal(renderTextReport(unreachableReport()), `Failed: ${UNREACHABLE}\n`);
  });

  test('an unreachable endpoint: JSON lines are the unreachable line and the summary', () => {
    const lines = renderJsonLines(unreachableReport())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      lines.map((l) => [l.event, l.code ?? l.unreachable]),
      [
        ['unreachable', 'ECONNREFUSED'],
        ['summary', 'ECONNREFUSED'],
      ],
    );
    assert.equal(lines[0]?.message, UNREACHABLE);
    assert.equal(lines[1]?.passed, false);
  });

  test('an unreachable endpoint: JUnit has one case in error, then the checks skipped', () => {
    const root = parseXml(renderJunit(unreachableReport()));
    assert.equal(root.attributes.errors, '1');
    assert.equal(root.attributes.tests, '13');
    const cases = findAll(root, 'testcase');
    assert.equal(findAll(cases[0] ?? root, 'error')[0]?.attributes.message, UNREACHABLE);
    assert.equal(cases.slice(1).filter((c) => findAll(c, 'skipped').length === 1).length, 12);
  });
});
