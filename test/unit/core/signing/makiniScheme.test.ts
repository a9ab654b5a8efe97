import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { DEPRECATED_SIGNATURE_HEADER, SIGNATURE_HEADER } from '../../../../src/core/contract/makiniContract';
import { createMakiniScheme, makiniScheme } from '../../../../src/core/signing/makiniScheme';
import { getScheme, newSecret, SCHEME_NAMES, UnknownSchemeError } from '../../../../src/core/signing/schemes';
import type { VerifyResult } from '../../../../src/core/signing/signatureScheme';
import { makiniVectors, vectorsFromPython } from './makiniVectors';

const V = makiniVectors();
const BODY = Buffer.from(V.body, 'utf8');

function reasonOf(result: VerifyResult): string {
  return result.ok ? 'ok' : result.reason;
}

function verifyWith(headers: Record<string, string>, body = BODY, secrets = [V.secret]): VerifyResult {
  return makiniScheme.verify({ headers, body, secrets });
}

suite('signing/makini vectors', () => {
  test('the fixture is what python3 computes with hmac (when python3 is here)', function () {
    const fresh = vectorsFromPython();
    if (fresh === undefined) this.skip();
    assert.deepEqual(fresh, V);
  });

  test("Node's createHmac over JSON.stringify (Makini's JavaScript samples) agrees with python's", () => {
    // Makini's 2022 sample: base64; the later branch's: hex. Both over JSON.stringify(data).
    const signed = JSON.stringify(JSON.parse(V.body));
    assert.notEqual(signed, V.body, 'the fixture body must differ from its re-serialisation');
    assert.equal(createHmac('sha256', V.secret).update(signed).digest('base64'), V.json.base64);
    assert.equal(createHmac('sha256', V.secret).update(signed).digest('hex'), V.json.hex);
  });

  const variants = [
    {
      name: "2022 page's sample: base64 over JSON.stringify",
      value: V.json.base64,
      encoding: 'base64',
      content: 'json',
    },
    {
      name: "branch's Node sample: hex over JSON.stringify",
      value: V.json.hex,
      encoding: 'hex',
      content: 'json',
    },
    {
      name: "branch's Python sample: hex over the raw body",
      value: V.raw.hex,
      encoding: 'hex',
      content: 'raw',
    },
    {
      name: 'base64 over the raw body (what this product sends)',
      value: V.raw.base64,
      encoding: 'base64',
      content: 'raw',
    },
  ] as const;
  for (const v of variants) {
    test(`verifies ${v.name}, and says which matched`, () => {
      const result = verifyWith({ 'X-Webhook-Signature': v.value });
      assert.deepEqual(result, {
        ok: true,
        secretIndex: 0,
        signedAs: { header: SIGNATURE_HEADER, encoding: v.encoding, content: v.content },
      });
    });
  }

  test('sends base64 over the exact bytes by default, hex when told', () => {
    const sent = makiniScheme.sign({ id: 'evt_1', timestamp: 1, body: BODY, secrets: [V.secret] });
    assert.equal(sent[SIGNATURE_HEADER], V.raw.base64);
    const hex = createMakiniScheme({ encoding: 'hex' });
    assert.equal(
      hex.sign({ id: 'evt_1', timestamp: 1, body: BODY, secrets: [V.secret] })[SIGNATURE_HEADER],
      V.raw.hex,
    );
    assert.equal(
      getScheme('makini', { encoding: 'hex' }).sign({
        id: 'e',
        timestamp: 1,
        body: BODY,
        secrets: [V.secret],
      })[SIGNATURE_HEADER],
      V.raw.hex,
    );
  });
});

suite('signing/makini', () => {
  test('signs with the documented header and sends the event headers', () => {
    const headers = makiniScheme.sign({
      id: 'evt_1',
      timestamp: 1700000000,
      body: BODY,
      secrets: [V.secret],
      type: 'assets.updated',
    });
    assert.deepEqual(headers, {
      'x-webhook-signature': V.raw.base64,
      'x-makini-event': 'assets.updated',
      'x-makini-event-id': 'evt_1',
      'x-makini-timestamp': '1700000000',
    });
  });

  test('a body changed in any other way than re-serialising is refused', () => {
    const pretty = Buffer.from(JSON.stringify(JSON.parse(V.body), null, 1));
    assert.equal(reasonOf(verifyWith({ [SIGNATURE_HEADER]: V.raw.base64 }, pretty)), 'mismatch');
    const changed = Buffer.from(V.body.replace('assets.updated', 'assets.inserted'));
    assert.equal(reasonOf(verifyWith({ [SIGNATURE_HEADER]: V.json.hex }, changed)), 'mismatch');
  });

  test('the deprecated header is still read when the documented one is absent, and marked', () => {
    const result = verifyWith({ [DEPRECATED_SIGNATURE_HEADER]: V.raw.base64 });
    assert.deepEqual(result.ok && result.signedAs, {
      header: DEPRECATED_SIGNATURE_HEADER,
      encoding: 'base64',
      content: 'raw',
      deprecated: true,
    });
    // The documented header wins when both are there.
    const both = verifyWith({ [DEPRECATED_SIGNATURE_HEADER]: 'garbage', [SIGNATURE_HEADER]: V.raw.hex });
    assert.equal(both.ok && both.signedAs.header, SIGNATURE_HEADER);
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
    assert.equal(
      messageOf(['one']),
      'x-webhook-signature does not match the secret, in base64 or hex, over the raw body or its JSON.',
    );
    assert.match(messageOf(['one', 'two']), /^x-webhook-signature matches none of the 2 secrets/);
  });

  test('the signature header name is configurable, and then the only one read', () => {
    const scheme = createMakiniScheme({ signatureHeader: 'X-Signature' });
    const headers = scheme.sign({ id: 'evt_3', timestamp: 1, body: BODY, secrets: [V.secret] });
    assert.equal(headers['x-signature'], V.raw.base64);
    assert.equal(headers[SIGNATURE_HEADER], undefined);
    assert.equal(
      reasonOf(makiniScheme.verify({ headers, body: BODY, secrets: [V.secret] })),
      'missing_header',
    );
    assert.equal(reasonOf(scheme.verify({ headers, body: BODY, secrets: [V.secret] })), 'ok');
    const old = { [DEPRECATED_SIGNATURE_HEADER]: V.raw.base64 };
    assert.equal(
      reasonOf(scheme.verify({ headers: old, body: BODY, secrets: [V.secret] })),
      'missing_header',
    );
  });

  test('typed failures: a signature neither base64 nor hex, a malformed timestamp; an unsigned timestamp is never judged', () => {
    const secrets = [V.secret];
    for (const value of ['abc', 'not base64 at all!', `${V.raw.hex}00`, 'zz'.repeat(32)]) {
      const result = makiniScheme.verify({ headers: { [SIGNATURE_HEADER]: value }, body: BODY, secrets });
      assert.equal(reasonOf(result), 'malformed_signature', value);
      assert.match(result.ok ? '' : result.message, /neither a base64 nor a hex HMAC-SHA256/);
    }
    const stamped = { [SIGNATURE_HEADER]: V.raw.base64, 'x-makini-timestamp': '1700000000' };
    assert.equal(
      reasonOf(
        makiniScheme.verify({ headers: { ...stamped, 'x-makini-timestamp': 'x' }, body: BODY, secrets }),
      ),
      'malformed',
    );
    const late = new Date((1700000000 + 400) * 1000);
    // The signature does not cover the timestamp, so a tolerance on it would protect nothing.
    assert.equal(
      reasonOf(
        makiniScheme.verify({ headers: stamped, body: BODY, secrets, now: late, toleranceSeconds: 300 }),
      ),
      'ok',
    );
  });

  test('a sha256= prefix (as GitHub writes it) is read, so a header set by hand to such a sender works', () => {
    const scheme = createMakiniScheme({ signatureHeader: 'x-hub-signature' });
    const result = scheme.verify({
      headers: { 'x-hub-signature': `sha256=${V.raw.hex}` },
      body: BODY,
      secrets: [V.secret],
    });
    assert.deepEqual(result.ok && result.signedAs, {
      header: 'x-hub-signature',
      encoding: 'hex',
      content: 'raw',
    });
  });

  test('a body that is not JSON is checked over its raw bytes only', () => {
    const body = Buffer.from('not json');
    const signature = createHmac('sha256', 'k').update(body).digest('hex');
    assert.equal(
      reasonOf(makiniScheme.verify({ headers: { [SIGNATURE_HEADER]: signature }, body, secrets: ['k'] })),
      'ok',
    );
    const other = createHmac('sha256', 'k').update('x').digest('hex');
    assert.equal(
      reasonOf(makiniScheme.verify({ headers: { [SIGNATURE_HEADER]: other }, body, secrets: ['k'] })),
      'mismatch',
    );
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
