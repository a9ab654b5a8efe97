import * as assert from 'node:assert/strict';
import {
  buildEvent,
  EVENT_TYPES,
  eventCatalog,
  getEventDefinition,
  UnknownEventTypeError,
} from '../../../../src/core/events/catalog';
import { newEventId } from '../../../../src/core/events/envelope';
import { validateEnvelope, validateEventData } from '../../../../src/core/events/validation';

const NOW = new Date('2025-06-01T12:00:00Z');

suite('events/catalog', () => {
  test('lists every type once, each with a description', () => {
    assert.equal(new Set(EVENT_TYPES).size, EVENT_TYPES.length);
    assert.deepEqual(
      eventCatalog.map((d) => d.type),
      [...EVENT_TYPES],
    );
    for (const definition of eventCatalog) assert.ok(definition.description.length > 10, definition.type);
  });

  for (const type of EVENT_TYPES) {
    test(`samples of ${type} validate against its schema (20 seeds)`, () => {
      for (let seed = 1; seed <= 20; seed++) {
        const event = buildEvent(type, { seed, now: NOW });
        const result = validateEnvelope(JSON.parse(JSON.stringify(event)));
        assert.ok(result.ok, `${type} seed ${seed}: ${JSON.stringify(!result.ok && result.issues)}`);
        assert.equal(result.knownType, true);
      }
    });
  }

  test('a seed makes the sample reproducible and different seeds vary it', () => {
    const a = buildEvent('sync.completed', { seed: 7, now: NOW });
    assert.deepEqual(buildEvent('sync.completed', { seed: 7, now: NOW }), a);
    const others = [8, 9, 10, 11].map((seed) =>
      JSON.stringify(buildEvent('sync.completed', { seed, now: NOW }).data),
    );
    assert.equal(new Set([JSON.stringify(a.data), ...others]).size, 5);
  });

  test('envelope carries the given connection, data and an evt_ id', () => {
    const data = {
      previous_status: 'online',
      status: 'offline',
      reason: 'down',
      changed_at: '2025-06-01T12:00:00Z',
    } as const;
    const event = buildEvent('connection.status_changed', { connectionId: 'conn_42', data });
    assert.equal(event.connection_id, 'conn_42');
    assert.equal(event.data, data);
    assert.match(event.id, /^evt_[a-z0-9]{24}$/);
    assert.match(event.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.notEqual(newEventId(), newEventId());
  });

  test('updated entity events name changed fields; inserted ones do not', () => {
    const updated = buildEvent('work_orders.updated', { seed: 3 });
    assert.ok((updated.data.changed_fields ?? []).length > 0);
    assert.equal(buildEvent('assets.inserted', { seed: 3 }).data.changed_fields, undefined);
  });

  test('an unknown type is an UnknownEventTypeError', () => {
    assert.throws(() => getEventDefinition('order.shipped'), UnknownEventTypeError);
  });
});

suite('events/validation', () => {
  test('an envelope of an unknown type is well formed but reported unknown', () => {
    const result = validateEnvelope({
      id: 'evt_1',
      type: 'order.shipped',
      timestamp: '2025-06-01T12:00:00Z',
      connection_id: 'c',
      data: {},
    });
    assert.ok(result.ok);
    assert.equal(result.knownType, false);
  });

  test('a broken envelope lists each issue with a JSON pointer', () => {
    const result = validateEnvelope({ id: 'nope', type: 'sync.completed', timestamp: 'yesterday', data: [] });
    assert.ok(!result.ok);
    const pointers = result.issues.map((i) => i.pointer).sort();
    assert.deepEqual(pointers, ['/connection_id', '/data', '/id', '/timestamp']);
  });

  test('bad data of a known type points into /data', () => {
    const event = buildEvent('sync.failed', { seed: 1 });
    const broken = { ...event, data: { ...event.data, will_retry: 'yes', error: { code: 'X' } } };
    const result = validateEnvelope(broken);
    assert.ok(!result.ok);
    const byPointer = new Map(result.issues.map((i) => [i.pointer, i]));
    assert.equal(byPointer.get('/data/will_retry')?.expected, 'a boolean');
    assert.equal(byPointer.get('/data/error/message')?.message, 'is missing');
  });

  test('validateEventData accepts a sample and rejects an invalid enum with what was expected', () => {
    const sample = buildEvent('connection.auth_required', { seed: 2 }).data;
    assert.ok(validateEventData('connection.auth_required', sample).ok);
    const result = validateEventData('connection.auth_required', { ...sample, reason: 'bored' }, '/data');
    assert.ok(!result.ok);
    assert.equal(result.issues[0]?.pointer, '/data/reason');
    assert.match(result.issues[0]?.expected ?? '', /token_expired/);
  });
});
