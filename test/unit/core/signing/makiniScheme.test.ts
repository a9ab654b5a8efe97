import * as assert from 'node:assert/strict';
import { createMakiniScheme, makiniScheme } from '../../../../src/core/signing/makiniScheme';
import { getScheme, newSecret, SCHEME_NAMES, UnknownSchemeError } from '../../../../src/core/signing/schemes';

// base64(HMAC-SHA256(secret as UTF-8, body bytes)), computed independently (Python hmac) and pinned.
const VECTOR = {
  secret: 's3cr3t-é',
  body: Buffer.from('{"type":"site.updated","name":"Café"}'),
  signature: '632EZFtSrYvqUGyAPsdI91oDk1QSrV+1fIabyRxrjpI=',
};

function reasonOf(result: ReturnType<typeof makiniScheme.verify>): string {
  return result.ok ? 'ok' : result.reason;
}

suite('signing/makini', () => {
  test('signs the known-answer vector and sends the event headers', () => {
    const headers = makiniScheme.sign({
      id: 'evt_1',
      timestamp: 1700000000,
      body: VECTOR.body,
      secrets: [VECTOR.secret],
      type: 'site.updated',
    });
    assert.deepEqual(headers, {
      'x-makini-signature': VECTOR.signature,
      'x-makini-event': 'site.updated',
      'x-makini-event-id': 'evt_1',
      'x-makini-timestamp': '1700000000',
    });
  });

  test('verifies the exact raw bytes, not a re-serialisation', () => {
    const headers = { 'X-Makini-Signature': VECTOR.signature };
    assert.equal(
      reasonOf(makiniScheme.verify({ headers, body: VECTOR.body, secrets: [VECTOR.secret] })),
      'ok',
    );
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(VECTOR.body.toString()), null, 1));
    assert.equal(
      reasonOf(makiniScheme.verify({ headers, body: reserialised, secrets: [VECTOR.secret] })),
      'mismatch',
    );
  });

  test('rotation: signs with every secret, verifies with any, says which', () => {
    const body = Buffer.from('{}');
    const headers = makiniScheme.sign({ id: 'evt_2', timestamp: 1, body, secrets: ['old', 'new'] });
    const onlyNew = makiniScheme.verify({ headers, body, secrets: ['unrelated', 'new'] });
    assert.deepEqual(onlyNew.ok && onlyNew.secretIndex, 1);
    assert.equal(reasonOf(makiniScheme.verify({ headers, body, secrets: ['neither'] })), 'mismatch');
  });

  test('a signature no secret made is worded for one secret and for several', () => {
    const body = Buffer.from('{}');
    const headers = makiniScheme.sign({ id: 'evt_4', timestamp: 1, body, secrets: ['signer'] });
    const messageOf = (secrets: string[]): string => {
      const result = makiniScheme.verify({ headers, body, secrets });
      return result.ok ? 'ok' : result.message;
    };
    assert.equal(messageOf(['one']), 'x-makini-signature does not match the secret over the raw body.');
    assert.equal(
      messageOf(['one', 'two']),
      'x-makini-signature matches none of the 2 secrets over the raw body.',
    );
  });

  test('the signature header name is configurable', () => {
    const scheme = createMakiniScheme({ signatureHeader: 'X-Signature' });
    const headers = scheme.sign({ id: 'evt_3', timestamp: 1, body: VECTOR.body, secrets: [VECTOR.secret] });
    assert.equal(headers['x-signature'], VECTOR.signature);
    assert.equal(headers['x-makini-signature'], undefined);
    assert.equal(
      reasonOf(makiniScheme.verify({ headers, body: VECTOR.body, secrets: [VECTOR.secret] })),
      'missing_header',
    );
    assert.equal(reasonOf(scheme.verify({ headers, body: VECTOR.body, secrets: [VECTOR.secret] })), 'ok');
  });

  test('typed failures: malformed signature or timestamp; an unsigned timestamp is never judged', () => {
    const body = VECTOR.body;
    const secrets = [VECTOR.secret];
    assert.equal(
      reasonOf(makiniScheme.verify({ headers: { 'x-makini-signature': 'abc' }, body, secrets })),
      'malformed',
    );
    const stamped = { 'x-makini-signature': VECTOR.signature, 'x-makini-timestamp': '1700000000' };
    assert.equal(
      reasonOf(makiniScheme.verify({ headers: { ...stamped, 'x-makini-timestamp': 'x' }, body, secrets })),
      'malformed',
    );
    const late = new Date((1700000000 + 400) * 1000);
    // The signature does not cover the timestamp, so a tolerance on it would protect nothing.
    assert.equal(
      reasonOf(makiniScheme.verify({ headers: stamped, body, secrets, now: late, toleranceSeconds: 300 })),
      'ok',
    );
    assert.equal(reasonOf(makiniScheme.verify({ headers: stamped, body, secrets, now: late })), 'ok');
  });
});

suite('signing/schemes', () => {
  test('every named scheme signs what it verifies, with fresh secrets', () => {
    for (const name of SCHEME_NAMES) {
      const scheme = getScheme(name);
      const secret = newSecret(name);
      const body = Buffer.from('{"a":1}');
      const headers = scheme.sign({
        id: 'evt_x',
        timestamp: Math.floor(Date.now() / 1000),
        body,
        secrets: [secret],
      });
      assert.equal(reasonOf(scheme.verify({ headers, body, secrets: [secret] })), 'ok', name);
      assert.equal(scheme.name, name);
    }
  });

  test('an unknown scheme is an UnknownSchemeError naming the choices', () => {
    assert.throws(
      () => getScheme('stripe'),
      (error) => error instanceof UnknownSchemeError && /makini, standard/.test(error.message),
    );
  });
});
