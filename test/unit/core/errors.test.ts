import * as assert from 'node:assert/strict';
import { errorMessage } from '../../../src/core/errors';

suite('core/errors', () => {
  test('errorMessage keeps an Error message', () => {
    assert.equal(errorMessage(new TypeError('bad input')), 'bad input');
  });

  test('errorMessage passes strings and serialises other values', () => {
    assert.equal(errorMessage('plain'), 'plain');
    assert.equal(errorMessage({ code: 'E1' }), '{"code":"E1"}');
    assert.equal(errorMessage(undefined), 'undefined');
  });

  test('errorMessage survives values JSON cannot serialise', () => {
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    assert.equal(errorMessage(cyclic), '[object Object]');
  });
});
