import * as assert from 'node:assert/strict';
import { builtinScenario } from '../../../../src/core/scenarios/builtinScenarios';
import { parseScenario } from '../../../../src/core/scenarios/parseScenario';
import type { Scenario } from '../../../../src/core/scenarios/scenario';
import { renderScenarioJunit } from '../../../../src/core/scenarios/scenarioJunit';
import {
  runScenario,
  ScenarioRunError,
  type ScenarioSandbox,
} from '../../../../src/core/scenarios/scenarioRunner';
import { WebhookSender } from '../../../../src/core/sender/webhookSender';
import { getScheme } from '../../../../src/core/signing/schemes';
import { findAll, parseXml } from '../checks/xmlTree';
import { TestEndpoint } from '../sender/testEndpoint';

const SECRET = 'scenario-secret';

function scenarioOf(steps: unknown[]): Scenario {
  return parseScenario({ name: 'test', steps }, 'test');
}

suite('scenario runner', () => {
  let endpoint: TestEndpoint | undefined;
  let sender: WebhookSender;
  setup(() => {
    sender = new WebhookSender();
  });
  teardown(async () => {
    await sender.dispose();
    await endpoint?.stop();
    endpoint = undefined;
  });

  const target = (url: string) => ({
    url,
    scheme: getScheme('makini'),
    secrets: [SECRET],
    retry: { maxAttempts: 1 },
  });

  test('credentials-changed reaches the endpoint in order, about one connection, its delays divided by the speed', async () => {
    endpoint = await TestEndpoint.statuses(200);
    const scenario = builtinScenario('credentials-changed');
    assert.ok(scenario);
    const waits: number[] = [];
    const run = await runScenario(scenario, {
      sender,
      target: target(endpoint.url()),
      speed: 10,
      connectionId: 'conn_1',
      wait: (ms) => {
        waits.push(ms);
        return Promise.resolve(true);
      },
    });
    assert.deepEqual(
      waits,
      scenario.steps.map((s) => s.delayMs / 10),
    );
    assert.deepEqual(waits, [0, 50, 300, 200]);
    const bodies = endpoint.received.map((r) => JSON.parse(r.body.toString()) as Record<string, unknown>);
    assert.deepEqual(
      bodies.map((b) => b.type),
      ['sync.failed', 'connection.auth_required', 'connection.status_changed', 'sync.completed'],
    );
    assert.ok(bodies.every((b) => b.connection_id === 'conn_1'));
    assert.equal((bodies[0]?.data as { error: { code: string } }).error.code, 'AUTHENTICATION_FAILED');
    assert.equal((bodies[2]?.data as { status: string }).status, 'online');
    assert.equal(run.passed, true);
    assert.deepEqual(
      run.steps.map((s) => s.status),
      ['passed', 'passed', 'passed', 'passed'],
    );
  });

  test('by default the delays are really waited, compressed by the speed; out-of-order sends updated first', async () => {
    endpoint = await TestEndpoint.statuses(200);
    const run = await runScenario(builtinScenario('out-of-order') as Scenario, {
      sender,
      target: target(endpoint.url()),
      speed: 1000,
    });
    assert.equal(run.passed, true);
    const events = endpoint.received.map((r) => r.headers['x-makini-event']);
    assert.deepEqual(events, ['work_orders.updated', 'work_orders.inserted']);
    // Both in the ids envelope, about the same record.
    assert.deepEqual(
      endpoint.received.map((r) => (JSON.parse(r.body.toString()) as { body: unknown }).body),
      [['wo_out_of_order'], ['wo_out_of_order']],
    );
  });

  test('a resend is the first delivery byte for byte, with the same event id', async () => {
    endpoint = await TestEndpoint.statuses(200);
    await runScenario(builtinScenario('duplicate-storm') as Scenario, {
      sender,
      target: target(endpoint.url()),
      wait: () => Promise.resolve(true),
    });
    const received = endpoint.received;
    assert.equal(received.length, 7);
    const a = received[0];
    const b = received[1];
    assert.ok(a && b);
    assert.notDeepEqual(a.body, b.body);
    for (const index of [2, 4, 5]) {
      assert.deepEqual(received[index]?.body, a.body);
      assert.equal(received[index]?.headers['x-makini-event-id'], a.headers['x-makini-event-id']);
    }
    for (const index of [3, 6]) assert.deepEqual(received[index]?.body, b.body);
  });

  test('a refused delivery fails its step, the run goes on, and JUnit has one failing case for it', async () => {
    endpoint = await TestEndpoint.start((_, i) => ({ status: i === 1 ? 500 : 200 }));
    const run = await runScenario(builtinScenario('outage') as Scenario, {
      sender,
      target: target(endpoint.url()),
      wait: () => Promise.resolve(true),
    });
    assert.equal(run.passed, false);
    assert.deepEqual(
      run.steps.map((s) => s.status),
      ['passed', 'failed', 'passed'],
    );
    assert.match(run.steps[1]?.failure ?? '', /system\.error evt_\w+ was failed \(HTTP 500\)/);
    const root = parseXml(renderScenarioJunit(run));
    const cases = findAll(root, 'testcase');
    assert.equal(cases.length, 3);
    assert.equal(cases[1]?.attributes.name, '2. Makini reports an error');
    assert.equal(findAll(root, 'failure').length, 1);
    assert.equal(findAll(root, 'testsuite')[0]?.attributes.failures, '1');
  });

  test('cancelling stops the run: the steps left are cancelled and nothing more is sent', async () => {
    endpoint = await TestEndpoint.statuses(200);
    const controller = new AbortController();
    const run = await runScenario(builtinScenario('sync-lifecycle') as Scenario, {
      sender,
      target: target(endpoint.url()),
      signal: controller.signal,
      wait: (_, signal) => Promise.resolve(!signal?.aborted),
      onStep: (progress) => {
        if (progress.phase === 'finished' && progress.result.index === 1) controller.abort();
      },
    });
    assert.equal(endpoint.received.length, 2);
    assert.deepEqual(
      run.steps.map((s) => s.status),
      ['passed', 'passed', 'cancelled', 'cancelled', 'cancelled'],
    );
    assert.equal(run.cancelled, true);
    assert.equal(run.passed, false);
    const root = parseXml(renderScenarioJunit(run));
    assert.equal(findAll(root, 'skipped').length, 3);
  });

  test('sandbox steps run between the sends, in order, on the run connection', async () => {
    endpoint = await TestEndpoint.statuses(200);
    const order: string[] = [];
    const sandbox: ScenarioSandbox = {
      apply: (action, key) => {
        order.push(`${action}:${key}:${endpoint?.received.length}`);
        return Promise.resolve();
      },
    };
    const scenario = scenarioOf([
      { step: 'sandbox', action: 'require_reauthorization' },
      { step: 'send', event: 'connection.auth_required' },
      { step: 'sandbox', action: 'reauthorize' },
    ]);
    const run = await runScenario(scenario, {
      sender,
      target: target(endpoint.url()),
      connectionId: 'conn_9',
      sandbox,
      wait: () => Promise.resolve(true),
    });
    assert.equal(run.passed, true);
    assert.deepEqual(order, ['require_reauthorization:conn_9:0', 'reauthorize:conn_9:1']);
  });

  test('a sandbox step without a sandbox, a bad speed or a bad URL is refused before any request', async () => {
    endpoint = await TestEndpoint.statuses(200);
    const url = endpoint.url();
    const sends = scenarioOf([{ step: 'send', event: 'sync.completed' }]);
    const withSandbox = scenarioOf([
      { step: 'send', event: 'sync.completed' },
      { step: 'sandbox', action: 'take_offline' },
    ]);
    await assert.rejects(runScenario(withSandbox, { sender, target: target(url) }), (e: unknown) =>
      ScenarioRunError.is(e, 'needs_sandbox'),
    );
    await assert.rejects(runScenario(sends, { sender, target: target(url), speed: 0 }), (e: unknown) =>
      ScenarioRunError.is(e, 'invalid_options'),
    );
    await assert.rejects(
      runScenario(withSandbox, {
        sender,
        target: target('ftp://x'),
        sandbox: { apply: () => Promise.resolve() },
      }),
      /http/,
    );
    assert.equal(endpoint.received.length, 0);
  });
});
