import * as assert from 'node:assert/strict';
import { EVENT_TYPES } from '../../../src/core/events/catalog';
import { type CliResult, runCli as runCliWith } from '../../support/cli';

function runCli(...args: string[]): Promise<CliResult> {
  return runCliWith(args);
}

suite('cli events and sample', () => {
  test('events lists every type with its description', async () => {
    const result = await runCli('events');
    assert.equal(result.code, 0);
    const lines = result.stdout.trim().split('\n');
    assert.deepEqual(
      lines.map((l) => l.split(/\s+/)[0]),
      [...EVENT_TYPES],
    );
    assert.match(result.stdout, /^sync\.completed\s+A sync of a connection finished/m);
  });

  test('events --json prints one object per line: type, description and schema', async () => {
    const result = await runCli('events', '--json');
    assert.equal(result.code, 0);
    const lines = result.stdout.split('\n');
    assert.equal(lines.pop(), '', 'the output ends with a newline');
    assert.equal(lines.length, EVENT_TYPES.length);
    const entries = lines.map((line) => JSON.parse(line) as { type: string; schema: { type: string } });
    assert.deepEqual(
      entries.map((e) => e.type),
      [...EVENT_TYPES],
    );
    assert.equal(entries[0]?.schema.type, 'object');
  });

  test('sample prints a valid envelope, reproducible with --seed', async () => {
    const a = await runCli('sample', 'work_orders.updated', '--seed', '42', '--connection', 'conn_7');
    assert.equal(a.code, 0);
    const event = JSON.parse(a.stdout) as {
      type: string;
      connection_id: string;
      id: string;
      data: { entity: string };
    };
    assert.equal(event.type, 'work_orders.updated');
    assert.equal(event.connection_id, 'conn_7');
    assert.equal(event.data.entity, 'work_order');
    const b = JSON.parse(
      (await runCli('sample', 'work_orders.updated', '--seed', '42')).stdout,
    ) as typeof event;
    assert.equal(b.id, event.id);
  });

  test('sample with an unknown type, no type or a bad seed exits 2 and says why', async () => {
    const unknown = await runCli('sample', 'order.shipped');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown event type 'order\.shipped'\. Known types: sync\.completed/);
    assert.equal((await runCli('sample')).code, 2);
    const seed = await runCli('sample', 'sites.updated', '--seed', 'abc');
    assert.equal(seed.code, 2);
    assert.match(seed.stderr, /--seed takes a whole number/);
    const flag = await runCli('events', '--yaml');
    assert.equal(flag.code, 2);
    assert.match(flag.stderr, /--yaml/);
  });
});
