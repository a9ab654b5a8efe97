import * as assert from 'node:assert/strict';
import { ENTITY_EVENT_NAMES, FAQ_EVENT_NAMES } from '../../../../src/core/contract/makiniContract';
import {
  envelopesOf,
  EVENT_TYPE_ALIASES,
  EVENT_TYPES,
  getEventDefinition,
  resolveEventType,
  UnknownEventTypeError,
} from '../../../../src/core/events/catalog';
import { envelopeShapeOf } from '../../../../src/core/events/envelope';
import { validatePayload, validateWebhookBody } from '../../../../src/core/events/validation';
import { buildWebhook, EnvelopeNotAvailableError } from '../../../../src/core/events/webhookBuilder';

suite('events/names and envelopes', () => {
  test('the catalog names entity events as documented: plural and dotted, then the FAQ and Flows events', () => {
    assert.deepEqual(
      EVENT_TYPES.filter((t) => ENTITY_EVENT_NAMES.includes(t)),
      [...ENTITY_EVENT_NAMES],
    );
    assert.ok(FAQ_EVENT_NAMES.every((t) => (EVENT_TYPES as readonly string[]).includes(t)));
    assert.ok(EVENT_TYPES.includes('flow.custom'));
    assert.ok(
      !EVENT_TYPES.some((t) => /^(work_order|asset|site|purchase_order)\./.test(t)),
      'no singular name',
    );
    assert.equal(EVENT_TYPES.length, ENTITY_EVENT_NAMES.length + FAQ_EVENT_NAMES.length + 1);
  });

  test('the former singular names are aliases that resolve to the documented plural', () => {
    assert.equal(resolveEventType('work_order.updated'), 'work_orders.updated');
    assert.equal(resolveEventType('asset.inserted'), 'assets.inserted');
    assert.equal(resolveEventType('purchase_order.updated'), 'purchase_orders.updated');
    assert.equal(resolveEventType('site.inserted'), 'sites.inserted');
    assert.equal(resolveEventType('connection_status.deleted'), 'connection_statuses.deleted');
    assert.equal(resolveEventType('assets.updated'), 'assets.updated');
    assert.equal(resolveEventType('sync.completed'), 'sync.completed');
    assert.equal(resolveEventType('assets.deleted'), undefined, 'only documented actions');
    assert.equal(resolveEventType(42), undefined);
    assert.equal(EVENT_TYPE_ALIASES.size, ENTITY_EVENT_NAMES.length, 'one alias per entity event');
    assert.equal(getEventDefinition('work_order.inserted').type, 'work_orders.inserted');
    assert.throws(() => getEventDefinition('work_orders.deleted'), UnknownEventTypeError);
  });

  test('entity events default to the ids envelope; FAQ and Flows events exist only as detailed', () => {
    assert.deepEqual(envelopesOf('assets.updated'), ['ids', 'detailed']);
    assert.deepEqual(envelopesOf('connection.status_changed'), ['detailed']);
    assert.deepEqual(envelopesOf('flow.custom'), ['detailed']);
    const ids = buildWebhook('assets.updated', { seed: 5, connectionId: 'conn_1' });
    assert.equal(ids.envelope, 'ids');
    assert.deepEqual(Object.keys(ids.payload), ['event', 'body']);
    assert.equal(ids.connectionId, 'conn_1');
    assert.match(ids.id, /^evt_/);
    const detailed = buildWebhook('assets.updated', {
      seed: 5,
      connectionId: 'conn_1',
      envelope: 'detailed',
    });
    assert.equal(detailed.envelope, 'detailed');
    assert.deepEqual(Object.keys(detailed.payload), ['id', 'type', 'timestamp', 'connection_id', 'data']);
    // Both shapes of one seeded event name the same record.
    const record = detailed.envelope === 'detailed' ? (detailed.payload.data as { key: string }).key : '';
    assert.deepEqual(ids.envelope === 'ids' ? ids.payload.body : [], [record]);
    assert.equal(buildWebhook('sites.inserted', { entityEnvelope: 'detailed' }).envelope, 'detailed');
    assert.equal(buildWebhook('sync.failed', { entityEnvelope: 'ids' }).envelope, 'detailed');
    assert.throws(
      () => buildWebhook('sync.failed', { envelope: 'ids' }),
      (error: unknown) =>
        error instanceof EnvelopeNotAvailableError &&
        /exists only in the detailed envelope/.test(error.message),
    );
    assert.throws(() => buildWebhook('flow.custom', { envelope: 'ids' }), EnvelopeNotAvailableError);
  });

  test('a body is recognised by its shape', () => {
    assert.equal(envelopeShapeOf({ event: 'assets.updated', body: [] }), 'ids');
    assert.equal(envelopeShapeOf({ id: 'evt_1', type: 'sync.completed' }), 'detailed');
    assert.equal(envelopeShapeOf({ event: 'x', body: [], type: 'y' }), 'detailed');
    for (const other of [{ event: 'assets.updated' }, {}, [], 'text', null, 7])
      assert.equal(envelopeShapeOf(other), 'unknown_envelope', JSON.stringify(other));
    const sent = buildWebhook('locations.updated', { seed: 1 });
    assert.deepEqual(validateWebhookBody(JSON.parse(JSON.stringify(sent.payload))), {
      envelope: 'ids',
      type: 'locations.updated',
      knownType: true,
      issues: [],
    });
  });

  test('payload files may be an ids envelope or use an alias; both resolve to the documented type', () => {
    const ids = validatePayload({ event: 'asset.updated', body: ['a_1', 'a_2'] });
    assert.ok(ids.ok);
    assert.deepEqual(ids.data, { envelope: 'ids', type: 'assets.updated', ids: ['a_1', 'a_2'] });
    const faq = validatePayload({ event: 'sync.completed', body: [] });
    assert.ok(!faq.ok, 'a FAQ event has no ids envelope');
    const detailed = buildWebhook('work_orders.inserted', { envelope: 'detailed', seed: 2 });
    const data = detailed.envelope === 'detailed' ? detailed.payload.data : undefined;
    const aliased = validatePayload({ type: 'work_order.inserted', data });
    assert.ok(aliased.ok, JSON.stringify(!aliased.ok && aliased.issues));
    assert.equal(aliased.data.type, 'work_orders.inserted');
  });
});
