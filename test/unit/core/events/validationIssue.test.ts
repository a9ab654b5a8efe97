import * as assert from 'node:assert/strict';
import { buildEvent } from '../../../../src/core/events/catalog';
import { validateEnvelope, validateEventData } from '../../../../src/core/events/validation';
import { issueText } from '../../../../src/core/events/validationIssue';

/** Every issue of `result` as the sentence people read. */
function sentences(result: ReturnType<typeof validateEnvelope>): string[] {
  return result.ok ? [] : result.issues.map((i) => issueText(i));
}

suite('events/validationIssue', () => {
  test('a missing field reads "data.x is missing", with no nested expectation', () => {
    const event = buildEvent('sync.failed', { seed: 1 });
    const data: Record<string, unknown> = { ...event.data, error: { code: 'X' } };
    delete data.sync_id;
    const texts = sentences(validateEnvelope({ ...event, data }));
    assert.deepEqual(texts.sort(), ['data.error.message is missing', 'data.sync_id is missing']);
  });

  test('a wrong type says what was expected and what came', () => {
    const event = buildEvent('sync.failed', { seed: 1 });
    const texts = sentences(validateEnvelope({ ...event, data: { ...event.data, will_retry: 'yes' } }));
    assert.deepEqual(texts, ['data.will_retry: expected a boolean, got a string']);
    const data = validateEventData('sync.completed', { ...buildEvent('sync.completed').data, sync_id: 42 });
    assert.ok(!data.ok);
    assert.deepEqual(
      data.issues.map((i) => issueText(i)),
      ['sync_id: expected a string, got a number'],
    );
  });

  test('an enum, a format and an unknown field are plain sentences too', () => {
    const sample = buildEvent('connection.auth_required', { seed: 2 });
    assert.deepEqual(sentences(validateEnvelope({ ...sample, timestamp: 'yesterday' })), [
      'timestamp: expected an ISO 8601 date-time such as "2025-06-01T12:00:00Z", got "yesterday"',
    ]);
    const texts = sentences(
      validateEnvelope({ ...sample, data: { ...sample.data, reason: 'bored', extra: 1 } }),
    );
    assert.ok(texts.includes('data.extra is not allowed here'), texts.join('\n'));
    const reason = texts.find((t) => t.startsWith('data.reason: expected one of "'));
    assert.ok(reason?.endsWith(', got "bored"'), texts.join('\n'));
    for (const text of texts) assert.doesNotMatch(text, /\(expected|\(required property\)|^\//);
  });

  test('the value itself is named by its subject; array items by index', () => {
    const root = validateEnvelope([]);
    assert.ok(!root.ok);
    assert.deepEqual(
      root.issues.map((i) => issueText(i, 'the body')),
      ['the body: expected an object, got an array'],
    );
    const event = buildEvent('sync.failed', { seed: 1 });
    const listed = validateEnvelope({
      ...event,
      data: { ...event.data, affected_entities: ['asset', 'planet'] },
    });
    assert.deepEqual(sentences(listed), [
      'data.affected_entities[1]: expected one of "site", "asset", "purchase_order", "work_order", "material", "location", got "planet"',
    ]);
  });
});
