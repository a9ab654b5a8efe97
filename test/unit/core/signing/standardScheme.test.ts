import * as assert from 'node:assert/strict';
import { Webhook } from 'standardwebhooks';
import { SigningSecretError } from '../../../../src/core/signing/signatureScheme';
import { standardScheme } from '../../../../src/core/signing/standardScheme';

// The Standard Webhooks spec's own example, recomputed independently (Python hmac) and pinned.
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: Buffer.from('{"test": 2432232314}'),
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const AT_VECTOR_TIME = new Date(VECTOR.timestamp * 1000);
const OTHER_SECRET = 'whsec_c2Vjb25kLXNlY3JldC1mb3Itcm90YXRpb24=';

suite('signing/standard', () => {
  test('signs the known-answer vector', () => {
    const headers = standardScheme.sign({ ...VECTOR, secrets: [VECTOR.secret] });
    assert.deepEqual(headers, {
      'webhook-id': VECTOR.id,
      'webhook-timestamp': String(VECTOR.timestamp),
      'webhook-signature': VECTOR.signature,
    });
  });

  test('verifies the known-answer vector and rejects a changed body', () => {
    const headers = {
      'webhook-id': VECTOR.id,
      'webhook-timestamp': String(VECTOR.timestamp),
      'webhook-signature': VECTOR.signature,
    };
    const ok = standardScheme.verify({
      headers,
      body: VECTOR.body,
      secrets: [VECTOR.secret],
      now: AT_VECTOR_TIME,
    });
    assert.deepEqual(ok, {
      ok: true,
      secretIndex: 0,
      timestamp: VECTOR.timestamp,
      signedAs: { header: 'webhook-signature', encoding: 'base64', content: 'raw' },
    });
    const bad = standardScheme.verify({
      headers,
      body: Buffer.from('{"test": 1}'),
      secrets: [VECTOR.secret],
      now: AT_VECTOR_TIME,
    });
    assert.equal(bad.ok || bad.reason, 'mismatch');
    assert.equal(bad.ok || bad.message, 'webhook-signature does not match the secret.');
    const neither = standardScheme.verify({
      headers,
      body: VECTOR.body,
      secrets: [OTHER_SECRET, 'whsec_dGhpcmQtc2VjcmV0'],
      now: AT_VECTOR_TIME,
    });
    assert.equal(neither.ok || neither.message, 'webhook-signature matches none of the 2 secrets.');
  });

  test('what standardwebhooks signs, we verify', () => {
    const body = Buffer.from(JSON.stringify({ id: 'evt_1', type: 'sync.completed', data: { n: 'ü' } }));
    const now = new Date();
    const signature = new Webhook(OTHER_SECRET).sign('evt_1', now, body);
    const headers = {
      'webhook-id': 'evt_1',
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': signature,
    };
    const result = standardScheme.verify({ headers, body, secrets: [VECTOR.secret, OTHER_SECRET] });
    assert.deepEqual(result.ok && result.secretIndex, 1);
  });

  test('what we sign (with two secrets), standardwebhooks verifies with either', () => {
    const body = Buffer.from('{"hello":"world"}');
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = standardScheme.sign({
      id: 'evt_2',
      timestamp,
      body,
      secrets: [VECTOR.secret, OTHER_SECRET],
    });
    assert.equal(headers['webhook-signature']?.split(' ').length, 2);
    for (const secret of [VECTOR.secret, OTHER_SECRET]) {
      assert.deepEqual(new Webhook(secret).verify(body, headers), { hello: 'world' });
    }
    assert.throws(() => new Webhook('whsec_d3Jvbmc=').verify(body, headers));
  });

  test('typed failures: missing header, malformed, out of tolerance', () => {
    const base = {
      'webhook-id': VECTOR.id,
      'webhook-timestamp': String(VECTOR.timestamp),
      'webhook-signature': VECTOR.signature,
    };
    const check = (headers: Record<string, string>, now = AT_VECTOR_TIME) =>
      standardScheme.verify({ headers, body: VECTOR.body, secrets: [VECTOR.secret], now });
    const reason = (r: ReturnType<typeof check>) => (r.ok ? 'ok' : r.reason);
    assert.equal(reason(check({ ...base, 'webhook-id': '' })), 'missing_header');
    assert.equal(reason(check({ ...base, 'webhook-timestamp': 'soon' })), 'malformed');
    assert.equal(reason(check({ ...base, 'webhook-signature': 'v2,abc' })), 'malformed');
    assert.equal(
      reason(check(base, new Date((VECTOR.timestamp + 301) * 1000))),
      'timestamp_out_of_tolerance',
    );
    assert.equal(reason(check(base, new Date((VECTOR.timestamp - 299) * 1000))), 'ok');
    // Other versions are skipped, not fatal.
    assert.equal(reason(check({ ...base, 'webhook-signature': `v2,xyz ${VECTOR.signature}` })), 'ok');
  });

  test('a secret that is not whsec_ base64 is a SigningSecretError', () => {
    assert.throws(
      () =>
        standardScheme.sign({ id: 'e', timestamp: 1, body: Buffer.alloc(0), secrets: ['whsec_not base64!'] }),
      (error) => error instanceof SigningSecretError && error.code === 'invalid_secret',
    );
    assert.throws(
      () => standardScheme.sign({ id: 'e', timestamp: 1, body: Buffer.alloc(0), secrets: [] }),
      (error) => error instanceof SigningSecretError && error.code === 'no_secret',
    );
  });
});
