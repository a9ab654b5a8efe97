import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MakiniClient } from '../../../../src/core/api/makiniClient';
import { validateWebhookBody } from '../../../../src/core/events/validation';
import { HealthMonitor } from '../../../../src/core/health/healthMonitor';
import { seededRandom } from '../../../../src/core/random/seededRandom';
import { demoConnections } from '../../../../src/core/sandbox/demoData';
import { ENTITY_COLLECTIONS } from '../../../../src/core/contract/makiniContract';
import { LIFE_PRESETS, type LifeRates, parseLifeSpec } from '../../../../src/core/sandbox/lifeRates';
import { LifeTicker } from '../../../../src/core/sandbox/lifeTicker';
import { Sandbox, SANDBOX_CREDENTIALS } from '../../../../src/core/sandbox/sandbox';
import { SandboxError } from '../../../../src/core/sandbox/sandboxErrors';
import type { SandboxChange } from '../../../../src/core/sandbox/sandboxModels';
import { SandboxState } from '../../../../src/core/sandbox/sandboxState';
import { SenderDispatcher } from '../../../../src/core/sandbox/sandboxSender';
import { newSecret } from '../../../../src/core/signing/schemes';
import { repoRoot } from '../../../support/repo';
import { TestReceiver } from './webhookReceiver';

const STILL: LifeRates = {
  offline: 0,
  auth: 0,
  inactive: 0,
  systemError: 0,
  entity: 0,
  syncError: 0,
  recover: 0,
};

/** One line per change: what a life run did, comparable across runs. */
function describe(change: SandboxChange): string {
  const detail =
    change.kind === 'status' ? ` ${change.status}` : change.kind === 'online' ? ` ${change.online}` : '';
  return `${change.kind} ${change.key}${detail}`;
}

function lifeRun(seed: number, steps: number, spec = 'chaos'): string[] {
  const sandbox = new Sandbox({ seed, life: parseLifeSpec(spec), onEntityChange: () => undefined });
  const lines: string[] = [];
  sandbox.onEvent((event) => {
    if (event.type === 'change') lines.push(describe(event.change));
  });
  sandbox.stepLife(steps);
  return lines;
}

suite('sandbox/lifeRates', () => {
  test('presets, and specs that change one (calm unless the first part names another)', () => {
    assert.deepEqual(parseLifeSpec('busy'), LIFE_PRESETS.busy);
    assert.deepEqual(parseLifeSpec(' chaos , entity=0 '), { ...LIFE_PRESETS.chaos, entity: 0 });
    assert.deepEqual(parseLifeSpec('offline=0.05,auth=0.02,system-error=0,sync-error=1,recover=0.9'), {
      ...LIFE_PRESETS.calm,
      offline: 0.05,
      auth: 0.02,
      systemError: 0,
      syncError: 1,
      recover: 0.9,
    });
  });

  test("README's life table gives each preset's rates, as the presets are", () => {
    const readme = readFileSync(join(repoRoot(), 'README.md'), 'utf8');
    const rows = [...readme.matchAll(/^\| `([a-z-]+)` +\|[^|]+\| ([\d.]+) +\| ([\d.]+) +\| ([\d.]+) +\|$/gm)];
    const presets = ['calm', 'busy', 'chaos'] as const;
    presets.forEach((preset, column) => {
      const spec = rows.map((m) => `${m[1]}=${m[2 + column]}`).join(',');
      assert.deepEqual(parseLifeSpec(spec), LIFE_PRESETS[preset], `${preset}: ${spec}`);
    });
    assert.equal(rows.length, 7, 'one row per rate');
  });

  test('a bad spec says which part is wrong and what is allowed', () => {
    const cases: readonly [string, RegExp][] = [
      ['stormy', /Unknown life rate 'stormy'.*calm, busy, chaos.*offline, auth, inactive/],
      ['offline=0.1,busy', /'busy'.*a preset goes first/],
      ['auth=2', /'auth' takes a share from 0 to 1, got '2'/],
      ['auth=', /'auth' takes a share from 0 to 1, got 'NaN'/],
      ['offline=-0.1', /'offline' takes a share/],
      [
        'offline=0.5,entity=0.6',
        /offline, auth, inactive, system-error, entity share one roll and add up to 1\.112/,
      ],
    ];
    for (const [spec, message] of cases) {
      assert.throws(
        () => parseLifeSpec(spec),
        (error: unknown) =>
          SandboxError.is(error) && error.code === 'invalid_value' && message.test(error.message),
        spec,
      );
    }
  });
});

suite('sandbox/lifeTicker', () => {
  test('a new connection goes Pending → Synchronizing → In progress → Active, its first full sync done', () => {
    const pending = demoConnections(seededRandom(1), Date.now()).filter((c) => c.status === 'Pending');
    assert.equal(pending.length, 1);
    const state = new SandboxState(pending);
    const ticker = new LifeTicker(state, seededRandom(2), { tickMs: 0, rates: STILL });
    const key = pending[0]?.key ?? '';
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      ticker.tick();
      const c = state.connection(key);
      seen.push(`${c.status}/${c.syncStatus}`);
    }
    assert.deepEqual(seen, [
      'Synchronizing/inprogress',
      'In progress/inprogress',
      'Active/fulldone',
      'Active/inprogress',
    ]);
  });

  test('the same seed gives the same life; another seed, another', () => {
    const first = lifeRun(42, 300);
    assert.ok(first.length > 100, `life changed things: ${first.length}`);
    assert.deepEqual(lifeRun(42, 300), first);
    assert.notDeepEqual(lifeRun(43, 300), first);
  });

  test('chaos meets every kind of trouble, and connections recover from each', () => {
    const lines = lifeRun(7, 2000);
    const kinds = new Set(
      lines.map((line) =>
        line
          .split(' ')
          .filter((_, i) => i !== 1)
          .join(' '),
      ),
    );
    for (const kind of [
      'status Synchronizing',
      'status In progress',
      'status Active',
      'status Inactive',
      'online false',
      'credentials_rotated',
      'system_error',
      'sync_started',
      'sync_finished',
    ]) {
      assert.ok(kinds.has(kind), `${kind} in ${[...kinds].join(', ')}`);
    }
    /** A change line as {@link describe} writes it: `online false` for `key` is `online <key> false`. */
    const spell = (what: string, key: string): string => {
      const [kind, ...rest] = what.split(' ');
      return [kind, key, ...rest].join(' ');
    };
    /** Whether some connection had `trouble` and later `recovery`. */
    const recovered = (trouble: string, recovery: string): boolean =>
      lines.some((line, i) => {
        const key = line.split(' ')[1] ?? '';
        return line === spell(trouble, key) && lines.slice(i + 1).includes(spell(recovery, key));
      });
    assert.ok(recovered('online false', 'online true'), 'back online');
    assert.ok(recovered('status Inactive', 'status Active'), 'credits topped up');
    assert.ok(recovered('credentials_rotated', 'reauthorized'), 'reconnected');
  });

  test('entity changes call the hook with the key of a connection that is active, online and authorized', () => {
    const called: string[] = [];
    const sandbox = new Sandbox({
      seed: 3,
      life: parseLifeSpec('busy,entity=0.5'),
      onEntityChange: (key) => {
        const c = sandbox.state.connection(key);
        assert.ok(c.status === 'Active' && c.online && c.credentialsValid, JSON.stringify(c));
        called.push(key);
      },
    });
    sandbox.stepLife(200);
    assert.ok(called.length > 20, `called ${called.length} times`);
    assert.ok(new Set(called).size > 1, 'more than one connection changes');
    const without = new Sandbox({
      seed: 3,
      life: parseLifeSpec('entity=1,offline=0,auth=0,inactive=0,system-error=0'),
    });
    const entities: Extract<SandboxChange, { kind: 'entity' }>[] = [];
    without.onEvent((e) => e.type === 'change' && e.change.kind === 'entity' && entities.push(e.change));
    without.stepLife(50);
    // Without a hook of its own, the sandbox changes one of the connection's EAM records.
    assert.ok(entities.length > 10, `${entities.length} entity changes`);
    for (const change of entities) {
      assert.ok((ENTITY_COLLECTIONS as readonly string[]).includes(change.collection), change.collection);
      assert.equal(change.action, 'updated');
      assert.deepEqual(change.changedFields, ['updatedAt']);
      assert.equal(typeof change.record.key, 'string');
    }
    assert.ok(new Set(entities.map((c) => c.collection)).size > 1, 'more than one collection changes');
  });
});

suite('sandbox life, end to end', () => {
  let receiver: TestReceiver;
  let sandbox: Sandbox;
  let client: MakiniClient | undefined;
  let monitor: HealthMonitor | undefined;

  setup(async () => {
    receiver = new TestReceiver();
    const url = await receiver.start();
    const dispatcher = new SenderDispatcher({
      url,
      secret: newSecret('makini'),
      scheme: 'makini',
      retry: { baseDelayMs: 5, maxAttempts: 2 },
    });
    sandbox = new Sandbox({ seed: 11, dispatcher, life: parseLifeSpec('chaos') });
    await sandbox.start();
  });

  teardown(async () => {
    await monitor?.stop();
    client?.dispose();
    await sandbox.stop();
    await receiver.stop();
  });

  test("life's troubles come back as valid webhooks, and health reads the states life leaves", async () => {
    sandbox.stepLife(400);
    await sandbox.settled();
    const envelopes = receiver.received.map(
      (r) => JSON.parse(r.body.toString('utf8')) as Record<string, unknown>,
    );
    const types = new Set(envelopes.map((e) => String(e.type ?? e.event)));
    for (const type of [
      'connection.auth_required',
      'connection.status_changed',
      'system.error',
      'sync.failed',
      'sync.completed',
    ]) {
      assert.ok(types.has(type), `${type} in ${[...types].join(', ')}`);
    }
    // Entity changes come back in Makini's documented ids envelope, the rest in the detailed one.
    assert.ok(
      [...types].some((t) => t.endsWith('.updated')),
      `an entity event in ${[...types].join(', ')}`,
    );
    for (const envelope of envelopes) {
      const validation = validateWebhookBody(envelope);
      assert.ok(validation.issues.length === 0 && validation.knownType, JSON.stringify(validation));
      assert.equal(validation.envelope, String(validation.type).includes('.updated') ? 'ids' : 'detailed');
    }

    client = new MakiniClient({
      baseUrl: sandbox.url,
      ...SANDBOX_CREDENTIALS,
      retry: { baseDelayMs: 1, maxAttempts: 1 },
    });
    monitor = new HealthMonitor(client);
    await monitor.pollOnce();
    const expected = (status: string, online: boolean, valid: boolean, sync: string): string | undefined => {
      if (status === 'Inactive') return 'inactive';
      if (status === 'Pending') return 'pending';
      if (!online) return undefined; // offline takes repeated failed reads
      if (!valid) return 'auth_required';
      if (sync === 'error') return 'sync_error';
      if (status !== 'Active' || sync === 'inprogress') return 'syncing';
      return 'healthy';
    };
    let compared = 0;
    for (const health of monitor.snapshot()) {
      const c = sandbox.state.connection(health.connection.key);
      const level = expected(c.status, c.online, c.credentialsValid, c.syncStatus);
      if (level === undefined) continue;
      compared++;
      assert.equal(health.level, level, `${c.name}: ${c.status}/${c.syncStatus}, ${health.reason}`);
    }
    assert.ok(compared >= 5, `compared ${compared}`);
  });
});
