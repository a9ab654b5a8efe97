import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildEvent } from '../../../src/core/events/catalog';
import { getScheme } from '../../../src/core/signing/schemes';
import { jsonLines, runCli } from '../../support/cli';
import { validateWebhookBody } from '../../../src/core/events/validation';
import { deliveryKind } from '../../../src/core/sender/deliveryKind';
import { LogStore } from '../../../src/core/logStore/logStore';
import { type ReceivedRequest, TestEndpoint } from '../core/sender/testEndpoint';

const SECRET = 'cli-test-secret';

suite('cli trigger: variants and custom headers', () => {
  let endpoint: TestEndpoint | undefined;
  let dir: string;
  suiteSetup(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'makini-trigger-variants-'));
  });
  suiteTeardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  teardown(async () => {
    await endpoint?.stop();
    endpoint = undefined;
  });

  /** 200 to a standard-signed JSON webhook of STANDARD_SECRET, else 400 saying which check failed. */
  const STANDARD_SECRET = 'whsec_dmFyaWFudHMtY2xpLXNlY3JldA==';
  function strictEndpoint(): Promise<TestEndpoint> {
    const refuse = (why: string) => ({ status: 400, body: JSON.stringify({ error: why }) });
    return TestEndpoint.start((r: ReceivedRequest) => {
      if (r.headers['content-type'] !== 'application/json') return refuse('content-type');
      const verdict = getScheme('standard').verify({
        headers: r.headers,
        body: r.body,
        secrets: [STANDARD_SECRET],
      });
      if (!verdict.ok) return refuse(verdict.reason);
      const body: unknown = JSON.parse(r.body.toString('utf8'));
      return validateWebhookBody(body).issues.length > 0 ? refuse('schema') : { status: 200 };
    });
  }

  test('--variant: each one is sent as named, refused for its reason by a strict endpoint, and named in --json and the log', async () => {
    endpoint = await strictEndpoint();
    const logDir = path.join(dir, 'variants');
    const expected = {
      valid: undefined,
      'bad-signature': 'mismatch',
      'other-secret': 'mismatch',
      'stale-timestamp': 'timestamp_out_of_tolerance',
      'missing-signature': 'missing_header',
      'invalid-payload': 'schema',
      'wrong-content-type': 'content-type',
    };
    for (const [variant, refusal] of Object.entries(expected)) {
      const result = await runCli(
        [
          'trigger',
          'sync.completed',
          '--to',
          endpoint.url(),
          '--scheme',
          'standard',
          '--max-attempts',
          '1',
          '--variant',
          variant,
        ],
        { env: { MAKINI_WEBHOOK_SECRET: STANDARD_SECRET } },
      );
      assert.equal(
        result.code,
        refusal === undefined ? 0 : 1,
        `${variant}: ${result.stdout}${result.stderr}`,
      );
      if (refusal !== undefined) {
        assert.match(result.stdout, new RegExp(`variant ${variant}\\)\n`));
        assert.match(result.stdout, new RegExp(`body: \\{"error":"${refusal}"\\}`));
        assert.match(result.stdout, new RegExp(`as ${variant}: failed after 1 attempt`));
      }
    }
    const logged = await runCli(
      [
        'trigger',
        'assets.updated',
        '--to',
        endpoint.url(),
        '--scheme',
        'standard',
        '--variant',
        'missing-signature',
        '--max-attempts',
        '1',
        '--json',
        '--log-dir',
        logDir,
      ],
      { env: { MAKINI_WEBHOOK_SECRET: STANDARD_SECRET } },
    );
    assert.equal(logged.code, 1);
    const lines = jsonLines(logged.stdout);
    assert.deepEqual(
      lines.map((l) => [l.event, l.variant]),
      [
        ['attempt', 'missing-signature'],
        ['result', 'missing-signature'],
      ],
    );
    const store = LogStore.open({ dir: logDir, kind: deliveryKind });
    try {
      const { records } = store.query({ limit: store.size });
      assert.deepEqual(
        records.map((d) => d.variant),
        ['missing-signature'],
      );
    } finally {
      store.close();
    }
  });

  test('a headers map in the --data file is sent; --header wins over it; neither is in the body', async () => {
    endpoint = await TestEndpoint.statuses(200);
    const file = path.join(dir, 'with-headers.json');
    const payload = {
      type: 'flow.custom',
      data: buildEvent('flow.custom', { seed: 2 }).data,
      headers: { 'X-Tenant': 'acme', 'x-trace': 'from-file' },
    };
    fs.writeFileSync(file, JSON.stringify(payload));
    const args = ['trigger', 'flow.custom', '--to', endpoint.url(), '--secret', SECRET, '--data', file];
    const result = await runCli([...args, '--header', 'X-Trace: from-flag']);
    assert.equal(result.code, 0, result.stderr);
    const received = endpoint.received[0];
    assert.equal(received?.headers['x-tenant'], 'acme');
    assert.equal(received?.headers['x-trace'], 'from-flag');
    assert.ok(!received?.body.toString().includes('acme'));

    fs.writeFileSync(file, JSON.stringify({ ...payload, headers: { 'bad name': 'x', 'x-n': 1 } }));
    const bad = await runCli(args);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /with-headers\.json: headers/);
    assert.equal(endpoint.received.length, 1, 'nothing sent for a bad headers map');
  });
});
