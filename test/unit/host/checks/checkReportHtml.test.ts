import * as assert from 'node:assert/strict';
import { renderCheckReport } from '../../../../src/host/checks/checkReportHtml';
import {
  exchangeFixture,
  mixedReport,
  reportFixture,
  resultFixture,
  unreachableReport,
} from '../../core/checks/reportFixtures';
import { assertStrictPage, OUTSIDE } from '../webviewPage';

const NONCE = 'bm9uY2Utb2YtdGhlLXRlc3Q';

suite('host/checks/checkReportHtml', () => {
  test('one section per check with its status, counts and fix; answers escaped; strict CSP', () => {
    const html = renderCheckReport(mixedReport(), NONCE, 'vscode-resource:');
    assertStrictPage(html, NONCE);
    assert.deepEqual(
      [...html.matchAll(/<section class="check (\w+)"/g)].map((m) => m[1]),
      ['pass', 'warn', 'fail', 'skip', 'fail'],
    );
    assert.match(html, /Some checks failed\. 1 passed, 2 failed, 1 warned, 1 skipped/);
    assert.match(html, /<strong>What to change:<\/strong> fix it &#38; retry/);
    assert.ok(html.includes('explanation: anyone can &#60;forge&#62; &#38; &#34;sign&#34;'));
    assert.ok(html.includes('&#60;html&#62;&#38; &#34;quoted&#34; ]]&#62;'), 'the answer body, escaped');
    assert.match(html, /no answer: timeout after 13 ms/);
    assert.deepEqual(
      [...html.matchAll(/data-check="(\d+)" data-exchange="(\d+)"/g)].map((m) => `${m[1]}.${m[2]}`),
      ['1.0', '2.0', '2.1', '4.0'],
      'each Copy as curl button names its check and exchange',
    );
    assert.deepEqual(
      [...html.matchAll(/<summary>([^<]*)<\/summary>/g)].map((m) => m[1]),
      ['1 request', '2 requests', '1 request'],
    );
  });

  test('outside text in the URL, titles and answers never becomes markup', () => {
    const exchange = exchangeFixture(OUTSIDE, 200, false);
    const answered = {
      ...exchange,
      response: exchange.response && {
        ...exchange.response,
        statusText: OUTSIDE,
        headers: { [OUTSIDE]: OUTSIDE },
        bodyHead: OUTSIDE,
      },
    };
    const report = {
      ...reportFixture([
        { ...resultFixture('answers-in-time', 'fail', [answered], OUTSIDE), title: OUTSIDE },
      ]),
      url: `http://127.0.0.1/${OUTSIDE}`,
    };
    const html = renderCheckReport(report, NONCE, 'vscode-resource:');
    assertStrictPage(html, NONCE);
    assert.match(html, /Some checks failed\. 0 passed, 1 failed/);
  });

  test('an unreachable endpoint is one line, and no check section', () => {
    const html = renderCheckReport(unreachableReport(), NONCE, 'vscode-resource:');
    assertStrictPage(html, NONCE);
    assert.match(
      html,
      /<p class="unreachable">could not connect to http:\/\/127\.0\.0\.1:9\/webhooks \(ECONNREFUSED\): is the endpoint running and listening on that port\? No check was run\.<\/p>/,
    );
    assert.doesNotMatch(html, /<section/);
    assert.doesNotMatch(html, /Some checks failed/);
  });
});
