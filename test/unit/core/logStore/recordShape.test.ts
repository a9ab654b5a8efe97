import * as assert from 'node:assert/strict';
import { hasFieldTypes } from '../../../../src/core/logStore/recordShape';

suite('logStore/recordShape', () => {
  const fields = {
    id: 'string',
    note: 'string?',
    n: 'number',
    ok: 'boolean',
    meta: 'object',
    list: 'array',
  } as const;
  const good = { id: 'a', n: 1, ok: true, meta: {}, list: [] };

  test('a record whose fields hold the named types passes; an optional string may be absent', () => {
    assert.equal(hasFieldTypes(good, fields), true);
    assert.equal(hasFieldTypes({ ...good, note: 'x' }, fields), true);
  });

  test('a wrong or missing field, or no object at all, fails', () => {
    assert.equal(hasFieldTypes({ ...good, note: 3 }, fields), false);
    assert.equal(hasFieldTypes({ ...good, meta: null }, fields), false);
    assert.equal(hasFieldTypes({ ...good, list: {} }, fields), false);
    assert.equal(hasFieldTypes({ ...good, n: '1' }, fields), false);
    assert.equal(hasFieldTypes({ n: 1, ok: true, meta: {}, list: [] }, fields), false);
    assert.equal(hasFieldTypes(null, fields), false);
    assert.equal(hasFieldTypes('record', fields), false);
  });
});
