import * as assert from 'node:assert/strict';
import { Webhook } from 'standardwebhooks';
import { MakiniClient } from '../../../../src/core/api/makiniClient';
import { validateEnvelope } from '../../../../src/core/events/validation';
import { HealthMonitor } from '../../../../src/core/health/healthMonitor';
import { Sandbox, SANDBOX_CREDENTIALS } from '../../../../src/core/sandbox/sandbox';
import { SenderDispatcher } from '../../../../src/core/sandbox/sandboxSender';
import { getScheme, newSecret } from '../../../../src/core/signing/schemes';
import { TestReceiver } from './webhookReceiver';

suite('sandbox webhooks', () => {
  let receiver: TestReceiver;
  let sandbox: Sandbox;
  let client: MakiniClient | undefined;
  let monitor: HealthMonitor | undefined;
  const secret = newSecret('standard');

  async function start(scheme: 'standard' | 'makini', key = secret): Promise<void> {
    receiver = new TestReceiver();
    const url = await receiver.start();
    const dispatcher = new SenderDispatcher({
      url,
      secret: key,
      scheme,
      retry: { baseDelayMs: 5, maxAttempts: 3 },
    });
    sandbox = new Sandbox({ seed: 5, dispatcher });
    await sandbox.start();
  }

  function envelope(index: number): Record<string, unknown> {
    const body = receiver.received[index]?.body.toString('utf8') ?? 'null';
    return JSON.parse(body) as Record<string, unknown>;
  }

  function key(name: string): string {
    return sandbox.state.connections().find((c) => c.name.startsWith(name))?.key ?? '';
  }

  teardown(async () => {
    await monitor?.stop();
    client?.dispose();
    monitor = undefined;
    client = undefined;
    await sandbox.stop();
    await receiver.stop();
  });

  test('rotation sends a signed connection.auth_required, health follows, reauthorization restores it', async () => {
    await start('standard');
    client = new MakiniClient({ baseUrl: sandbox.url, ...SANDBOX_CREDENTIALS, retry: { baseDelayMs: 1 } });
    monitor = new HealthMonitor(client);
    await monitor.pollOnce();
    const acme = key('Acme Steel');
    assert.equal(monitor.snapshot().find((h) => h.connection.key === acme)?.level, 'healthy');

    sandbox.state.rotateCredentials(acme);
    await receiver.waitFor(1);
    const received = receiver.received[0];
    assert.ok(received);
    // An independent verifier: the Standard Webhooks reference library.
    const verified = new Webhook(secret).verify(received.body.toString('utf8'), {
      'webhook-id': String(received.headers['webhook-id']),
      'webhook-timestamp': String(received.headers['webhook-timestamp']),
      'webhook-signature': String(received.headers['webhook-signature']),
    }) as Record<string, unknown>;
    assert.equal(verified.type, 'connection.auth_required');
    assert.equal(verified.connection_id, acme);
    const validation = validateEnvelope(verified);
    assert.ok(validation.ok && validation.knownType, JSON.stringify(validation));

    assert.equal(monitor.ingestWebhook(verified), true);
    await monitor.pollOnce();
    const health = monitor.snapshot().find((h) => h.connection.key === acme);
    assert.equal(health?.level, 'auth_required');

    // Makini Link's page: render it, then press Reconnect with the form's nonce.
    const link = String((verified.data as Record<string, unknown>).reauthorization_url);
    assert.ok(link.startsWith(sandbox.url ?? 'missing'), link);
    const page = await (await fetch(link)).text();
    const nonce = /name="nonce" value="([0-9a-f]+)"/.exec(page)?.[1] ?? '';
    assert.match(page, /<button type="submit">Reconnect<\/button>/);
    const refused = await fetch(link, { method: 'POST', body: new URLSearchParams({ nonce: 'forged' }) });
    assert.equal(refused.status, 403);
    const reconnected = await fetch(link, { method: 'POST', body: new URLSearchParams({ nonce }) });
    assert.equal(reconnected.status, 200);
    await receiver.waitFor(2);
    assert.equal(envelope(1).type, 'sync.completed');
    assert.equal(monitor.ingestWebhook(envelope(1)), true);
    await monitor.pollOnce();
    await monitor.pollOnce();
    assert.equal(monitor.snapshot().find((h) => h.connection.key === acme)?.level, 'healthy');
  });

  test('every webhook kind is valid for the catalog and signed with the makini scheme', async () => {
    const makiniSecret = newSecret('makini');
    await start('makini', makiniSecret);
    const acme = key('Acme Steel');
    sandbox.state.setOnline(acme, false);
    sandbox.state.runSync(acme, 'error');
    sandbox.state.runSync(acme, 'fulldone');
    sandbox.state.runSync(acme, 'fail');
    sandbox.state.triggerFlow(acme, 'Escalate overdue work orders', { work_order: 'WO-1' });
    await sandbox.settled();
    const types = receiver.received.map((_, i) => String(envelope(i).type)).sort();
    assert.deepEqual(types, [
      'connection.auth_required',
      'connection.status_changed',
      'flow.custom',
      'sync.completed',
      'sync.failed',
    ]);
    const scheme = getScheme('makini');
    for (const [i, r] of receiver.received.entries()) {
      const validation = validateEnvelope(envelope(i));
      assert.ok(validation.ok && validation.knownType, JSON.stringify(validation));
      assert.equal(scheme.verify({ headers: r.headers, body: r.body, secrets: [makiniSecret] }).ok, true);
    }
    assert.equal(sandbox.deliveries().length, 5);
    assert.ok(sandbox.deliveries().every((d) => d.status === 'delivered' && d.attempts === 1));
  });

  test('per-connection event configuration decides what is sent', async () => {
    await start('standard');
    const acme = key('Acme Steel');
    const answer = await fetch(new URL(`/_sandbox/connections/${acme}/events`, sandbox.url), {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ event_types: ['sync.failed'] }),
    });
    assert.equal(answer.status, 200);
    sandbox.state.rotateCredentials(acme);
    sandbox.state.reauthorize(acme);
    sandbox.state.runSync(acme, 'error');
    await sandbox.settled();
    assert.deepEqual(
      receiver.received.map((_, i) => envelope(i).type),
      ['sync.failed'],
    );
  });

  test('a failing endpoint is retried on the (compressed) Makini schedule; deliveries are listed', async () => {
    await start('standard');
    receiver.status = 500;
    const attempts: number[] = [];
    sandbox.onEvent((e) => {
      if (e.type === 'delivery' && !e.final) attempts.push(e.delivery.attempts);
    });
    sandbox.state.setOnline(key('Acme Steel'), false);
    await sandbox.settled();
    assert.equal(receiver.received.length, 3);
    assert.deepEqual(attempts, [1, 2, 3]);
    const listed = await (await fetch(new URL('/_sandbox/deliveries', sandbox.url))).json();
    const [delivery] = (listed as { data: { status: string; attempts: number; responseStatus: number }[] })
      .data;
    assert.equal(delivery?.status, 'failed');
    assert.equal(delivery?.attempts, 3);
    assert.equal(delivery?.responseStatus, 500);
  });
});
