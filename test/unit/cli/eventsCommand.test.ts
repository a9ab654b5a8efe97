import * as assert from 'node:assert/strict';
import { ENTITY_EVENT_NAMES } from '../../../src/core/contract/makiniContract';
import { EVENT_TYPES } from '../../../src/core/events/catalog';
import { type CliResult, runCli as runCliWith } from '../../support/cli';

function runCli(...args: string[]): Promise<CliResult> {
  return runCliWith(args);
}

suite('cli events and sample', () => {
  test('events lists the documented names with their description, origin and envelopes, then the aliases', async () => {
    const result = await runCli('events');
    assert.equal(result.code, 0);
    const [table = '', aliases = ''] = result.stdout.trim().split('\n\n');
    const lines = table.split('\n');
    assert.deepEqual(
      lines.map((l) => l.split(/\s+/)[0]),
      [...EVENT_TYPES],
    );
    assert.ok(ENTITY_EVENT_NAMES.every((name) => lines.some((l) => l.startsWith(`${name} `))));
    assert.match(
      result.stdout,
      /^sync\.completed\s+A sync of a connection finished.*\(Makini's FAQ; detailed envelope only\)$/m,
    );
    assert.match(
      result.stdout,
      /^assets\.updated\s+An asset was updated.*\(Makini's webhook page; ids or detailed\)$/m,
    );
    assert.match(result.stdout, /^flow\.custom\s.*\(Makini Flows; detailed envelope only\)$/m);
    assert.match(aliases, /^Aliases/);
    assert.match(aliases, /^ {2}work_order\.updated → work_orders\.updated$/m);
    assert.match(aliases, /^ {2}connection_status\.deleted → connection_statuses\.deleted$/m);
  });

  test('events --json prints one object per line: type, description and schema', async () => {
    const result = await runCli('events', '--json');
    assert.equal(result.code, 0);
    const lines = result.stdout.split('\n');
    assert.equal(lines.pop(), '', 'the output ends with a newline');
    assert.equal(lines.length, EVENT_TYPES.length);
    const entries = lines.map(
      (line) =>
        JSON.parse(line) as {
          type: string;
          origin: string;
          envelopes: string[];
          aliases: string[];
          schema: { type: string };
        },
    );
    assert.deepEqual(
      entries.map((e) => e.type),
      [...EVENT_TYPES],
    );
    assert.equal(entries[0]?.schema.type, 'object');
    const assets = entries.find((e) => e.type === 'assets.updated');
    assert.deepEqual(
      [assets?.origin, assets?.envelopes, assets?.aliases],
      ['entity', ['ids', 'detailed'], ['asset.updated']],
    );
    const sync = entries.find((e) => e.type === 'sync.completed');
    assert.deepEqual([sync?.origin, sync?.envelopes, sync?.aliases], ['faq', ['detailed'], []]);
  });

  test('sample assets.updated prints the documented ids envelope', async () => {
    const result = await runCli('sample', 'assets.updated');
    assert.equal(result.code, 0, result.stderr);
    const printed = JSON.parse(result.stdout) as { event: string; body: unknown[] };
    assert.deepEqual(Object.keys(printed), ['event', 'body']);
    assert.equal(printed.event, 'assets.updated');
    assert.ok(printed.body.length > 0 && printed.body.every((id) => typeof id === 'string' && id !== ''));
    // The singular name is an alias: it prints the same documented event.
    const alias = JSON.parse((await runCli('sample', 'asset.updated')).stdout) as typeof printed;
    assert.equal(alias.event, 'assets.updated');
  });

  test('sample --envelope ids for an event that exists only as detailed exits 2 and says so', async () => {
    const result = await runCli('sample', 'sync.completed', '--envelope', 'ids');
    assert.equal(result.code, 2);
    assert.match(result.stderr, /'sync\.completed' exists only in the detailed envelope, not 'ids'/);
    assert.equal(result.stdout, '');
    const bad = await runCli('sample', 'assets.updated', '--envelope', 'xml');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--envelope takes ids or detailed, got 'xml'/);
  });

  test('sample prints a valid detailed envelope, reproducible with --seed', async () => {
    const a = await runCli(
      'sample',
      'work_orders.updated',
      '--envelope',
      'detailed',
      '--seed',
      '42',
      '--connection',
      'conn_7',
    );
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
      (await runCli('sample', 'work_orders.updated', '--envelope', 'detailed', '--seed', '42')).stdout,
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
