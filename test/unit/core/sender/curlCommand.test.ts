import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { buildEvent } from '../../../../src/core/events/catalog';
import { toCurl } from '../../../../src/core/sender/curlCommand';
import { WebhookSender } from '../../../../src/core/sender/webhookSender';
import { getScheme } from '../../../../src/core/signing/schemes';
import { TestEndpoint } from './testEndpoint';

const run = promisify(execFile);

suite('sender/curlCommand', () => {
  let endpoint: TestEndpoint;
  let sender: WebhookSender;
  setup(() => {
    sender = new WebhookSender();
  });
  teardown(async () => {
    await sender.dispose();
    await endpoint.stop();
  });

  for (const name of ['makini', 'standard'] as const) {
    test(`the curl command repeats a ${name} attempt and the endpoint verifies it`, async () => {
      const scheme = getScheme(name);
      const secret = name === 'standard' ? 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' : "it's secret";
      endpoint = await TestEndpoint.start((r) => {
        const verified = scheme.verify({ headers: r.headers, body: r.body, secrets: [secret] });
        return verified.ok ? { status: 200, body: 'verified' } : { status: 401, body: verified.reason };
      });
      // The flow payload holds quotes and non-ASCII text, which the shell quoting must keep intact.
      const event = buildEvent('flow.custom', {
        data: { flow_id: 'flow_1', flow_name: "Tom's flow", payload: { note: 'café "quoted" $HOME `x`' } },
      });
      const [delivery] = await sender.send({ url: endpoint.url(), event, scheme, secrets: [secret] });
      const attempt = delivery?.attempts[0];
      assert.ok(attempt);
      const command = toCurl(attempt);
      assert.ok(!command.includes(secret), 'the secret is not in the command');
      const { stdout } = await run('sh', ['-c', command]);
      assert.match(stdout, /^HTTP\/1\.1 200/);
      assert.match(stdout, /verified$/);
      const [original, replay] = endpoint.received;
      assert.deepEqual(replay?.body, original?.body);
    });
  }
});
