import * as assert from 'node:assert/strict';
import { builtinScenario, builtinScenarios } from '../../../../src/core/scenarios/builtinScenarios';
import {
  parseScenario,
  parseScenarioText,
  ScenarioError,
} from '../../../../src/core/scenarios/parseScenario';

/** The issues' pointers a refused scenario names. */
function refusedAt(value: unknown): string[] {
  try {
    parseScenario(value, 'test.json');
  } catch (error) {
    assert.ok(ScenarioError.is(error, 'invalid_scenario'), String(error));
    assert.match(error.message, /^test\.json is not a valid scenario; nothing was sent:/);
    return error.issues.map((i) => i.pointer);
  }
  assert.fail('the scenario was accepted');
}

suite('scenario parsing', () => {
  test('every built-in parses, and the six the issue names are there', () => {
    assert.deepEqual(
      builtinScenarios().map((s) => s.name),
      [
        'sync-lifecycle',
        'sync-failure-and-retry',
        'credentials-changed',
        'outage',
        'duplicate-storm',
        'out-of-order',
      ],
    );
    const credentials = builtinScenario('credentials-changed');
    assert.deepEqual(
      credentials?.steps.map((s) => (s.kind === 'send' ? s.event : s.kind)),
      ['sync.failed', 'connection.auth_required', 'connection.status_changed', 'sync.completed'],
    );
  });

  test('a file becomes steps with delays, defaults, aliases resolved and data kept', () => {
    const scenario = parseScenarioText(
      JSON.stringify({
        name: 'mine',
        steps: [
          { step: 'send', event: 'work_order.updated', id: 'a', data: { key: 'wo_1' } },
          { step: 'resend', of: 'a', delay_ms: 250 },
          { step: 'sandbox', action: 'take_offline', delay_ms: 10, title: 'Down' },
        ],
      }),
      'mine.json',
    );
    assert.deepEqual(scenario.steps, [
      {
        kind: 'send',
        delayMs: 0,
        title: 'Send work_orders.updated',
        event: 'work_orders.updated',
        variant: 'valid',
        data: { key: 'wo_1' },
        id: 'a',
      },
      { kind: 'resend', delayMs: 250, title: 'Send a again', of: 'a' },
      { kind: 'sandbox', delayMs: 10, title: 'Down', action: 'take_offline' },
    ]);
  });

  test('an unknown step, a bad delay and an unknown event type are refused, each at its JSON path', () => {
    assert.deepEqual(refusedAt({ name: 'x', steps: [{ step: 'sleep' }] }), ['/steps/0/step']);
    assert.deepEqual(
      refusedAt({ name: 'x', steps: [{ step: 'send', event: 'sync.completed', delay_ms: -5 }] }),
      ['/steps/0/delay_ms'],
    );
    assert.deepEqual(
      refusedAt({ name: 'x', steps: [{ step: 'send', event: 'sync.completed', delay_ms: '1s' }] }),
      ['/steps/0/delay_ms'],
    );
    assert.deepEqual(
      refusedAt({
        name: 'x',
        steps: [
          { step: 'send', event: 'sync.completed' },
          { step: 'send', event: 'sync.begun' },
        ],
      }),
      ['/steps/1/event'],
    );
  });

  test('a message names the path, what was wrong and what is allowed', () => {
    assert.throws(
      () => parseScenario({ name: 'x', steps: [{ step: 'send', event: 'sync.begun' }] }, 'x.json'),
      (e: unknown) =>
        ScenarioError.is(e) && /at \/steps\/0\/event: .*expected one of .*"sync\.completed"/.test(e.message),
    );
  });

  test('data overrides are checked against the event type, a resend must name an earlier step', () => {
    assert.deepEqual(
      refusedAt({
        name: 'x',
        steps: [{ step: 'send', event: 'sync.completed', data: { mode: 'sometimes' } }],
      }),
      ['/steps/0/data/mode'],
    );
    assert.deepEqual(
      refusedAt({
        name: 'x',
        steps: [
          { step: 'resend', of: 'later' },
          { step: 'send', event: 'sync.completed', id: 'later' },
        ],
      }),
      ['/steps/0/of'],
    );
    assert.deepEqual(refusedAt({ name: 'x', steps: [{ step: 'sandbox', action: 'explode' }] }), [
      '/steps/0/action',
    ]);
    assert.deepEqual(
      refusedAt({ name: 'x', steps: [{ step: 'send', event: 'sync.completed', colour: 1 }] }),
      ['/steps/0/colour'],
    );
  });

  test('text that is not JSON is refused as such, naming the file', () => {
    assert.throws(
      () => parseScenarioText('{\n  "name": x }', 'broken.json'),
      (e: unknown) =>
        ScenarioError.is(e, 'invalid_json') &&
        /^broken\.json .*\n {2}at \/: the file is not valid JSON/.test(e.message),
    );
  });
});
