import * as assert from 'node:assert/strict';
import type { HealthLevel } from '../../../../src/core/health/healthLevel';
import {
  type HealthChange,
  HealthMonitor,
  type HealthSource,
} from '../../../../src/core/health/healthMonitor';
import { startClientFixture, type ClientFixture } from '../api/clientFixture';

/** Waits (5 s at most) until `done` holds; the assertions after it say what was expected. */
async function until(done: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
}

suite('health/monitor over the sandbox', () => {
  let f: ClientFixture;
  let monitor: HealthMonitor;
  let changes: HealthChange[];

  setup(async () => {
    f = await startClientFixture({ retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } });
    monitor = new HealthMonitor(f.client, { concurrency: 3, confirmations: 2 });
    changes = [];
    monitor.onChange((c) => changes.push(c));
  });

  teardown(async () => {
    await monitor.stop();
    await f.stop();
  });

  function levelOf(name: string): HealthLevel | undefined {
    return monitor.snapshot().find((h) => h.connection.name.startsWith(name))?.level;
  }

  function keyOf(name: string): string {
    return f.sandbox.state.connections().find((c) => c.name.startsWith(name))?.key ?? '';
  }

  test('the first poll judges every demo connection and announces each once', async () => {
    await monitor.pollOnce();
    assert.equal(changes.length, 8);
    assert.equal(levelOf('Acme Steel'), 'healthy');
    assert.equal(levelOf('Northwind'), 'healthy');
    assert.equal(levelOf('Contoso'), 'syncing');
    assert.equal(levelOf('Globex'), 'auth_required');
    assert.equal(levelOf('Initech'), 'sync_error');
    assert.equal(levelOf('Umbrella'), 'pending');
    assert.equal(levelOf('Stark'), 'inactive');
    assert.equal(levelOf('Wayne'), 'unknown', 'one failed status call is not yet offline');
  });

  test('a connection whose status read is slow is listed at once as not checked yet, and never announced so', async () => {
    const slow = keyOf('Acme Steel');
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const source: HealthSource = {
      listConnections: (options) => f.client.listConnections(options),
      getIntegration: async (key, options) => {
        if (key === slow) await held;
        return f.client.getIntegration(key, options);
      },
    };
    const gated = new HealthMonitor(source, { concurrency: 8, confirmations: 2 });
    const seen: HealthChange[] = [];
    gated.onChange((c) => seen.push(c));
    const poll = gated.pollOnce();
    await until(() => seen.length === 7);
    const waiting = gated.snapshot().find((h) => h.connection.key === slow);
    assert.equal(gated.snapshot().length, 8, 'every listed connection is in the snapshot');
    assert.equal(waiting?.level, 'unknown');
    assert.equal(waiting?.checking, true);
    assert.match(waiting?.reason ?? '', /Not checked yet/);
    release();
    await poll;
    const acme = seen.filter((c) => c.key === slow);
    assert.deepEqual(
      acme.map((c) => [c.previous, c.current.level]),
      [['unknown', 'healthy']],
      'its first judgement is announced once, as a first one',
    );
    await gated.stop();
  });

  test('status calls failing repeatedly make a connection offline, announced once', async () => {
    for (let i = 0; i < 4; i++) await monitor.pollOnce();
    assert.equal(levelOf('Wayne'), 'offline');
    const wayne = changes.filter((c) => c.key === keyOf('Wayne')).map((c) => c.current.level);
    assert.deepEqual(wayne, ['unknown', 'offline']);
  });

  test('a transition must hold for two polls; a flapping connection raises nothing', async () => {
    await monitor.pollOnce();
    changes.length = 0;
    const acme = keyOf('Acme Steel');
    for (const outcome of ['error', 'done', 'error', 'done'] as const) {
      f.sandbox.state.runSync(acme, outcome);
      await monitor.pollOnce();
    }
    assert.deepEqual(
      changes.filter((c) => c.key === acme),
      [],
    );
    f.sandbox.state.runSync(acme, 'error');
    await monitor.pollOnce();
    await monitor.pollOnce();
    await monitor.pollOnce();
    const acmeChanges = changes.filter((c) => c.key === acme);
    assert.deepEqual(
      acmeChanges.map((c) => `${c.previous}->${c.current.level}`),
      ['healthy->sync_error'],
    );
  });

  test('an unreachable API turns everything unknown, after confirmation', async () => {
    const errors: unknown[] = [];
    monitor = new HealthMonitor(f.client, { onPollError: (e) => errors.push(e) });
    monitor.onChange((c) => changes.push(c));
    await monitor.pollOnce();
    changes.length = 0;
    await f.sandbox.stop();
    await monitor.pollOnce();
    assert.equal(changes.length, 0);
    await monitor.pollOnce();
    assert.equal(errors.length, 2);
    assert.ok(monitor.snapshot().every((h) => h.level === 'unknown'));
    assert.ok(changes.every((c) => c.current.reason === 'The Makini API cannot be reached.'));
  });

  test('a webhook is news until the status is read again: the API decides health', async () => {
    await monitor.pollOnce();
    const acme = keyOf('Acme Steel');
    const envelope = {
      id: 'evt_test',
      type: 'sync.failed',
      timestamp: new Date(Date.now() + 1000).toISOString(),
      connection_id: acme,
      data: {},
    };
    assert.equal(monitor.ingestWebhook(envelope), true);
    assert.equal(levelOf('Acme Steel'), 'healthy', 'one observation is not enough');
    // The API still says the last sync finished: the webhook leaves no trace once it is read.
    await monitor.pollOnce();
    await monitor.pollOnce();
    const health = monitor.snapshot().find((h) => h.connection.key === acme);
    assert.equal(health?.level, 'healthy');
    assert.equal(health?.syncStatus, 'done');
    assert.deepEqual(
      changes.filter((c) => c.key === acme && c.previous !== 'unknown'),
      [],
    );
    assert.equal(
      monitor.ingestWebhook({
        type: 'work_orders.inserted',
        connection_id: acme,
        timestamp: envelope.timestamp,
      }),
      false,
    );
    assert.equal(monitor.ingestWebhook('not an event'), false);
  });

  test('a webhook the API confirms is announced at its re-check, not a poll later', async () => {
    const reads: { key: string; error?: unknown }[] = [];
    monitor = new HealthMonitor(f.client, {
      confirmations: 2,
      intervalMs: 60_000,
      onStatusRead: (key, error) => reads.push({ key, error }),
    });
    monitor.onChange((c) => changes.push(c));
    monitor.start();
    await monitor.pollOnce();
    changes.length = 0;
    const acme = keyOf('Acme Steel');
    f.sandbox.state.runSync(acme, 'error');
    const before = reads.length;
    monitor.ingestWebhook({
      type: 'sync.failed',
      timestamp: new Date().toISOString(),
      connection_id: acme,
      data: {},
    });
    await until(() => reads.slice(before).some((r) => r.key === acme));
    const acmeChanges = changes.filter((c) => c.key === acme);
    assert.deepEqual(
      acmeChanges.map((c) => `${c.previous}->${c.current.level}`),
      ['healthy->sync_error'],
    );
    assert.equal(acmeChanges[0]?.current.reason, 'The last sync ended with an error.');
    assert.equal(acmeChanges[0]?.current.syncStatus, 'error');
  });

  test('an offline webhook whose re-check cannot read the status is announced as confirmed', async () => {
    const reads: string[] = [];
    monitor = new HealthMonitor(f.client, { confirmations: 2, onStatusRead: (key) => reads.push(key) });
    monitor.onChange((c) => changes.push(c));
    monitor.start();
    await monitor.pollOnce();
    changes.length = 0;
    const acme = keyOf('Acme Steel');
    f.sandbox.state.setOnline(acme, false);
    const before = reads.length;
    monitor.ingestWebhook({
      type: 'connection.status_changed',
      timestamp: new Date().toISOString(),
      connection_id: acme,
      data: { status: 'offline' },
    });
    await until(() => reads.slice(before).includes(acme));
    const acmeChanges = changes.filter((c) => c.key === acme);
    assert.deepEqual(
      acmeChanges.map((c) => `${c.previous}->${c.current.level}`),
      ['healthy->offline'],
    );
    // Before, the failed read left it "reported by webhook, checking…" for as long as it was down.
    assert.equal(acmeChanges[0]?.current.checking, undefined);
    assert.equal(acmeChanges[0]?.current.reason, 'A webhook reported it, and its status could not be read.');
  });

  test("after a webhook's re-check, health is what the API says, whatever the webhook said", async () => {
    const reads: string[] = [];
    monitor = new HealthMonitor(f.client, { confirmations: 2, onStatusRead: (key) => reads.push(key) });
    monitor.onChange((c) => changes.push(c));
    monitor.start();
    await monitor.pollOnce();
    const acme = keyOf('Acme Steel');
    f.sandbox.state.runSync(acme, 'error');
    const before = reads.length;
    // The webhook speaks of reauthorization; the API, read at once, of a failed sync.
    monitor.ingestWebhook({
      type: 'connection.auth_required',
      timestamp: new Date().toISOString(),
      connection_id: acme,
      data: {},
    });
    await until(() => reads.slice(before).includes(acme));
    const health = monitor.snapshot().find((h) => h.connection.key === acme);
    assert.equal(health?.syncStatus, 'error');
    assert.equal(health?.level, 'sync_error');
  });

  test('each status read is reported with its own connection and error', async () => {
    const reads = new Map<string, unknown>();
    monitor = new HealthMonitor(f.client, { onStatusRead: (key, error) => reads.set(key, error) });
    await monitor.pollOnce();
    const wayne = keyOf('Wayne');
    assert.equal(reads.size, 8);
    for (const [key, error] of reads) {
      if (key === wayne) assert.equal((error as { connectionId?: string }).connectionId, wayne);
      else assert.equal(error, undefined, key);
    }
  });

  test('start polls at once; stop waits for the poll and ends the timer', async () => {
    const intervalMs = 20;
    let polls = 0;
    let reading = 0; // Status reads under way.
    let third: () => void = () => undefined;
    const thirdPoll = new Promise<void>((resolve) => (third = resolve));
    // The client, with each call counted where the monitor makes it (an aborted one included).
    const source: HealthSource = {
      listConnections: (options) => {
        polls++;
        return f.client.listConnections(options);
      },
      getIntegration: (id, options) => {
        if (++reading === 1 && polls === 3) third();
        return f.client.getIntegration(id, options).finally(() => reading--);
      },
    };
    await monitor.stop();
    monitor = new HealthMonitor(source, { concurrency: 3, confirmations: 2, intervalMs });
    monitor.start();
    await thirdPoll; // The timer runs: the first poll at once, then two more an interval apart.
    await monitor.stop(); // The third poll is reading statuses.
    assert.equal(reading, 0, 'stop() returned with a poll under way');
    const pollsAtStop = polls;
    await new Promise((resolve) => setTimeout(resolve, intervalMs * 8));
    assert.equal(polls, pollsAtStop, 'a poll started after stop()');
  });
});
