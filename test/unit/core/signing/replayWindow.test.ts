import * as assert from 'node:assert/strict';
import { resolveCheckOptions } from '../../../../src/core/checks/checkOptions';
import { EndpointCheckError } from '../../../../src/core/checks/endpointCheckError';
import { checkSignature } from '../../../../src/core/receiver/signatureCheck';
import {
  checkSettings,
  DEFAULT_RECEIVER_SETTINGS,
  ReceiverSettingsError,
  type ReceiverSettings,
} from '../../../../src/core/receiver/receiverSettings';
import { ReceiverServer } from '../../../../src/core/receiver/receiverServer';
import { getScheme, newSecret, SCHEME_NAMES } from '../../../../src/core/signing/schemes';
import { eventBody, request, signedHeaders, startReceiver, stopReceivers } from '../receiver/receiverFixture';

const DAY_SECONDS = 86_400;
const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** A makini-signed request for a fresh event: with a day-old timestamp, or without one at all. */
function makiniRequest(secret: string, timestamp: 'stale' | 'absent') {
  const event = eventBody();
  const headers = signedHeaders('makini', [secret], event.id, event.body, nowSeconds() - DAY_SECONDS);
  if (timestamp === 'absent') delete headers['x-makini-timestamp'];
  return { headers, body: event.body };
}

function settingsError(run: () => unknown): ReceiverSettingsError {
  try {
    run();
  } catch (error) {
    assert.ok(
      error instanceof ReceiverSettingsError,
      `expected a ReceiverSettingsError, got ${String(error)}`,
    );
    return error;
  }
  assert.fail('expected the settings to be refused');
}

suite('signing/replay window', () => {
  teardown(stopReceivers);

  test('only the standard scheme signs its timestamp', () => {
    assert.deepEqual(
      SCHEME_NAMES.map((name) => [name, getScheme(name).signsTimestamp]),
      [
        ['makini', false],
        ['standard', true],
      ],
    );
  });

  test('makini: a stale timestamp and no timestamp are judged alike, whatever tolerance is asked', () => {
    const secret = newSecret('makini');
    // Settings built by hand, past checkSettings, as a caller that skips it would.
    const settings: ReceiverSettings = {
      ...DEFAULT_RECEIVER_SETTINGS,
      secrets: [secret],
      scheme: 'makini',
      toleranceSeconds: 300,
    };
    const stale = makiniRequest(secret, 'stale');
    const absent = makiniRequest(secret, 'absent');
    assert.equal(checkSignature(settings, stale.headers, stale.body).verified, true);
    assert.equal(checkSignature(settings, absent.headers, absent.body).verified, true);
    const scheme = getScheme('makini');
    const verify = (r: typeof stale) =>
      scheme.verify({ headers: r.headers, body: r.body, secrets: [secret], toleranceSeconds: 300 }).ok;
    assert.deepEqual([verify(stale), verify(absent)], [true, true]);
  });

  test('makini over a socket: the same answer with a stale timestamp and without one', async () => {
    const secret = newSecret('makini');
    const { url, receipts } = await startReceiver({ settings: { scheme: 'makini', secrets: [secret] } });
    const stale = await request(url, makiniRequest(secret, 'stale'));
    const absent = await request(url, makiniRequest(secret, 'absent'));
    assert.deepEqual([stale.status, absent.status], [200, 200]);
    assert.deepEqual(
      receipts.map((r) => [r.verified, r.reason]),
      [
        [true, undefined],
        [true, undefined],
      ],
    );
  });

  test('a tolerance with the makini scheme is a typed settings error, on start and on update', async () => {
    const secret = newSecret('makini');
    const started = settingsError(
      () => new ReceiverServer({ settings: { scheme: 'makini', secrets: [secret], toleranceSeconds: 300 } }),
    );
    assert.equal(started.code, 'toleranceNotSigned');
    assert.match(started.message, /standard scheme only/);
    const standard = newSecret('standard');
    const { receiver } = await startReceiver({
      settings: { scheme: 'standard', secrets: [standard], toleranceSeconds: 60 },
    });
    const updated = settingsError(() => receiver.update({ scheme: 'makini', secrets: [secret] }));
    assert.equal(updated.code, 'toleranceNotSigned');
    assert.equal(receiver.currentSettings.scheme, 'standard', 'the old settings stay');
    // What the editor sends on a switch to makini: the tolerance cleared with it.
    receiver.update({ scheme: 'makini', secrets: [secret], toleranceSeconds: undefined });
    assert.equal(receiver.currentSettings.scheme, 'makini');
    assert.equal(
      settingsError(() =>
        checkSettings({ ...DEFAULT_RECEIVER_SETTINGS, scheme: 'standard', toleranceSeconds: -1 }),
      ).code,
      'invalidTolerance',
    );
  });

  test('standard over a socket: a stale timestamp is still refused, a fresh one accepted', async () => {
    const secret = newSecret('standard');
    const { url } = await startReceiver({
      settings: { scheme: 'standard', secrets: [secret], toleranceSeconds: 300 },
    });
    const post = (timestamp: number) => {
      const event = eventBody();
      return request(url, {
        headers: signedHeaders('standard', [secret], event.id, event.body, timestamp),
        body: event.body,
      });
    };
    const stale = await post(nowSeconds() - 400);
    assert.equal(stale.status, 401);
    assert.equal(stale.json().error, 'timestamp_out_of_tolerance');
    assert.equal((await post(nowSeconds())).status, 200);
  });

  test('endpoint checks refuse a tolerance with the makini scheme, and take one with standard', () => {
    const base = { url: 'http://127.0.0.1:9/webhooks', toleranceSeconds: 120 };
    assert.throws(
      () => resolveCheckOptions({ ...base, scheme: 'makini', secrets: ['s'] }),
      (error: unknown) => error instanceof EndpointCheckError && error.code === 'invalid_options',
    );
    const standard = resolveCheckOptions({ ...base, scheme: 'standard', secrets: [newSecret('standard')] });
    assert.equal(standard.toleranceSeconds, 120);
    assert.equal(
      resolveCheckOptions({ ...base, toleranceSeconds: undefined, secrets: ['s'] }).schemeName,
      'makini',
    );
  });
});
