import * as assert from 'node:assert/strict';
import { MakiniClient } from '../../../../src/core/api/makiniClient';
import { SandboxControl } from '../../../../src/core/api/sandboxControl';
import { Sandbox, SANDBOX_CREDENTIALS } from '../../../../src/core/sandbox/sandbox';
import { parseScenario } from '../../../../src/core/scenarios/parseScenario';
import { sandboxSteps } from '../../../../src/core/scenarios/sandboxSteps';
import { runScenario } from '../../../../src/core/scenarios/scenarioRunner';
import { WebhookSender } from '../../../../src/core/sender/webhookSender';
import { getScheme } from '../../../../src/core/signing/schemes';
import { TestEndpoint } from '../sender/testEndpoint';

suite('scenario sandbox steps', () => {
  let sandbox: Sandbox;
  let endpoint: TestEndpoint;
  let sender: WebhookSender;
  setup(async () => {
    sandbox = new Sandbox({ seed: 7 });
    endpoint = await TestEndpoint.statuses(200);
    sender = new WebhookSender();
  });
  teardown(async () => {
    await sender.dispose();
    await sandbox.stop();
    await endpoint.stop();
  });

  test("each action changes the sandbox's connection, in order between the sends", async () => {
    const base = await sandbox.start();
    const key = sandbox.snapshot().connections[0]?.key ?? '';
    const connection = () => sandbox.snapshot().connections.find((c) => c.key === key);
    const scenario = parseScenario(
      {
        name: 'sandbox-all',
        steps: [
          { step: 'sandbox', action: 'take_offline' },
          { step: 'sandbox', action: 'bring_online' },
          { step: 'sandbox', action: 'require_reauthorization' },
          { step: 'send', event: 'connection.auth_required' },
          { step: 'sandbox', action: 'reauthorize' },
          { step: 'sandbox', action: 'fail_sync' },
          { step: 'sandbox', action: 'change_record' },
        ],
      },
      'test',
    );
    const seen: string[] = [];
    const changes: string[] = [];
    sandbox.onEvent((event) => {
      if (event.type === 'change') changes.push(event.change.kind);
    });
    const run = await runScenario(scenario, {
      sender,
      target: { url: endpoint.url(), scheme: getScheme('makini'), secrets: ['s'], retry: { maxAttempts: 1 } },
      connectionId: key,
      sandbox: sandboxSteps(new SandboxControl(new MakiniClient({ baseUrl: base, ...SANDBOX_CREDENTIALS }))),
      onStep: (progress) => {
        if (progress.phase !== 'finished') return;
        const c = connection();
        seen.push(
          `${c?.online ? 'online' : 'offline'} ${c?.credentialsValid ? 'valid' : 'reauth'} ${endpoint.received.length}`,
        );
      },
    });
    assert.deepEqual(
      run.steps.map((s) => `${s.status}${s.failure ? `: ${s.failure}` : ''}`),
      scenario.steps.map(() => 'passed'),
    );
    assert.deepEqual(seen, [
      'offline valid 0',
      'online valid 0',
      'online reauth 0',
      'online reauth 1',
      'online valid 1',
      'online valid 1',
      'online valid 1',
    ]);
    assert.equal(connection()?.syncStatus, 'error');
    assert.equal(changes.at(-1), 'entity', `change_record changed a record last: ${changes.join(', ')}`);
  });
});
