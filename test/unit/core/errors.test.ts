import * as assert from 'node:assert/strict';
import { MakiniApiError } from '../../../src/core/api/apiErrors';
import { errorMessage } from '../../../src/core/errors';
import { LogStoreError } from '../../../src/core/logStore/logStoreError';
import {
  checkSettings,
  DEFAULT_RECEIVER_SETTINGS,
  ReceiverSettingsError,
} from '../../../src/core/receiver/receiverSettings';

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

  test('is() tells a typed error by class, and by code when one is given', () => {
    const error: unknown = new LogStoreError('closed', 'The log is closed.');
    assert.equal(LogStoreError.is(error), true);
    assert.equal(LogStoreError.is(error, 'closed'), true);
    assert.equal(LogStoreError.is(error, 'writeFailed'), false);
    assert.equal(ReceiverSettingsError.is(error), false);
    assert.equal(LogStoreError.is(new Error('The log is closed.')), false);
  });

  test('a wrapping error keeps what it wraps as cause, through with() too', () => {
    const cause = new Error('socket hang up');
    const error = new MakiniApiError('GET /x could not reach Makini.', DETAILS, { cause });
    assert.equal(error.cause, cause);
    assert.equal(error.with({ attempts: 3 }).cause, cause);
    assert.throws(
      () => checkSettings({ ...DEFAULT_RECEIVER_SETTINGS, forwardTo: 'not a url' }),
      (e: unknown) => ReceiverSettingsError.is(e, 'invalidForwardUrl') && e.cause instanceof TypeError,
    );
  });
});

const DETAILS = {
  code: 'network',
  operation: 'listConnections',
  endpoint: 'GET /x',
  attempts: 1,
  retriable: true,
} as const;
