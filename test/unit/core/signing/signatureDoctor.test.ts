import * as assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { SIGNATURE_HEADER } from '../../../../src/core/contract/makiniContract';
import { checkSignature, type SignatureCheck } from '../../../../src/core/receiver/signatureCheck';
import {
  DEFAULT_RECEIVER_SETTINGS,
  type ReceiverSettings,
} from '../../../../src/core/receiver/receiverSettings';
import {
  DOCTOR_HMAC_LIMIT,
  diagnoseSignature,
  type SignatureDiagnosis,
} from '../../../../src/core/signing/signatureDoctor';
import { standardScheme } from '../../../../src/core/signing/standardScheme';
import { makiniVectors } from './makiniVectors';

const V = makiniVectors();
const BODY = Buffer.from(V.body, 'utf8');
const JSON_BODY = Buffer.from(JSON.stringify(JSON.parse(V.body)));
const WHSEC = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

const hmac = (key: string | Buffer, content: Buffer | string): Buffer =>
  createHmac('sha256', key).update(content).digest();

function settings(changes: Partial<ReceiverSettings>): ReceiverSettings {
  return { ...DEFAULT_RECEIVER_SETTINGS, secrets: [V.secret], ...changes };
}

/** The receiver's check of a request: refused 401, with the diagnosis it carries. */
function refusedWith(s: ReceiverSettings, headers: Record<string, string>, body = BODY): SignatureDiagnosis {
  const check: SignatureCheck = checkSignature(s, headers, body);
  assert.equal(check.verified, false, 'an undocumented variant is refused');
  assert.ok(!check.verified);
  assert.equal(check.rejectStatus, 401);
  assert.ok(check.diagnosis, 'a refused signature carries a diagnosis');
  for (const secret of [...s.secrets, ...(s.retiredSecrets ?? [])])
    assert.ok(!JSON.stringify(check.diagnosis).includes(secret), 'never the secret');
  return check.diagnosis;
}

function found(d: SignatureDiagnosis): Record<string, unknown> {
  const { header, encoding, content, secret, scheme, fix, change } = d;
  return { header, encoding, content, secret, scheme, fix, change };
}

suite('signing/signature doctor', () => {
  test('another header (GitHub-style sha256=<hex>): set the header, and send as the sender does', () => {
    const headers = { 'x-hub-signature': `sha256=${V.raw.hex}` };
    assert.deepEqual(found(refusedWith(settings({}), headers)), {
      header: 'x-hub-signature',
      encoding: 'hex',
      content: 'raw',
      secret: 'secret 1 of 1, as UTF-8',
      scheme: 'makini',
      fix:
        'Set makini.webhooks.signatureHeader to x-hub-signature and makini.webhooks.signatureEncoding to hex ' +
        '(CLI: --signature-header x-hub-signature; send with --encoding hex).',
      change: {
        kind: 'settings',
        settings: { signatureHeader: 'x-hub-signature', signatureEncoding: 'hex' },
      },
    });
    // Already sending hex: only the header changes.
    const hex = refusedWith(settings({ encoding: 'hex' }), headers);
    assert.equal(
      hex.fix,
      'Set makini.webhooks.signatureHeader to x-hub-signature (CLI: --signature-header x-hub-signature).',
    );
  });

  test("a header set by hand while Makini's is used: back to x-webhook-signature", () => {
    const d = refusedWith(settings({ signatureHeader: 'x-custom' }), { [SIGNATURE_HEADER]: V.json.base64 });
    assert.deepEqual([d.header, d.content, d.encoding], [SIGNATURE_HEADER, 'json', 'base64']);
    assert.deepEqual(d.change, { kind: 'settings', settings: { signatureHeader: SIGNATURE_HEADER } });
  });

  test('a Standard Webhooks message at a makini receiver: switch the scheme', () => {
    const headers = standardScheme.sign({ id: 'msg_1', timestamp: 1700000000, body: BODY, secrets: [WHSEC] });
    const d = refusedWith(settings({ secrets: [WHSEC] }), headers);
    assert.deepEqual(found(d), {
      header: 'webhook-signature',
      encoding: 'base64',
      content: 'id.timestamp.body',
      secret: 'secret 1 of 1, base64-decoded',
      scheme: 'standard',
      fix: 'Set makini.webhooks.signatureScheme to standard (CLI: --scheme standard).',
      change: { kind: 'settings', settings: { signatureScheme: 'standard' } },
    });
  });

  test("a makini message (the branch's hex over JSON.stringify) at a standard receiver: switch back", () => {
    const signature = hmac(WHSEC, JSON_BODY).toString('hex');
    const d = refusedWith(settings({ scheme: 'standard', secrets: [WHSEC] }), {
      [SIGNATURE_HEADER]: signature,
    });
    assert.deepEqual(found(d), {
      header: SIGNATURE_HEADER,
      encoding: 'hex',
      content: 'json',
      secret: 'secret 1 of 1, as UTF-8',
      scheme: 'makini',
      fix:
        'Set makini.webhooks.signatureScheme to makini and makini.webhooks.signatureEncoding to hex ' +
        '(CLI: --scheme makini; send with --encoding hex).',
      change: { kind: 'settings', settings: { signatureScheme: 'makini', signatureEncoding: 'hex' } },
    });
  });

  test("a sender that keys with the secret's base64-decoded bytes: the sender must change", () => {
    const secret = Buffer.from('sixteen byte key').toString('base64');
    const signature = hmac(Buffer.from(secret, 'base64'), BODY).toString('base64');
    const d = refusedWith(settings({ secrets: [secret] }), { [SIGNATURE_HEADER]: signature });
    assert.equal(d.secret, 'secret 1 of 1, base64-decoded');
    assert.deepEqual(d.change, { kind: 'sender' });
    assert.match(d.fix, /^Have the sender key its HMAC with the secret's UTF-8 text, as Makini does/);
  });

  test('the second secret of a rotation, in another header, is named by its position', () => {
    const signature = hmac('second-secret', BODY).toString('base64');
    const d = refusedWith(settings({ secrets: ['first-secret', 'second-secret'] }), {
      'x-signature': signature,
    });
    assert.equal(d.secret, 'secret 2 of 2, as UTF-8');
    assert.equal(d.header, 'x-signature');
  });

  test('a secret rotated out: set the secret (or give the sender the new one)', () => {
    const signature = hmac('old-secret', BODY).toString('hex');
    const s = settings({ secrets: ['new-secret'], retiredSecrets: ['old-secret'] });
    const d = refusedWith(s, { [SIGNATURE_HEADER]: signature });
    assert.equal(d.secret, 'previous secret 1 of 1 (rotated out), as UTF-8');
    assert.deepEqual(d.change, { kind: 'secret' });
    assert.match(d.fix, /secret rotated out/);
  });

  test('nothing matches: a wrong secret, shown by the received and the expected signature', () => {
    const received = hmac('not-the-secret', BODY).toString('hex');
    const d = refusedWith(settings({}), { [SIGNATURE_HEADER]: received });
    assert.equal(d.matched, false);
    assert.deepEqual(d.change, { kind: 'secret' });
    assert.match(d.fix, /the secret is wrong/);
    assert.deepEqual(d.received, { header: SIGNATURE_HEADER, value: received });
    // The configured variant, written as the received one is: the HMAC of this body, not the secret.
    assert.deepEqual(d.expected, {
      header: SIGNATURE_HEADER,
      encoding: 'hex',
      content: 'raw',
      secret: 'secret 1 of 1, as UTF-8',
      value: V.raw.hex,
    });
  });

  test('nothing matches and no header holds a signature: the sender does not sign', () => {
    const d = refusedWith(settings({}), { 'content-type': 'application/json' });
    assert.equal(d.matched, false);
    assert.deepEqual(d.change, { kind: 'sender' });
    assert.equal(d.received, undefined);
    assert.match(d.fix, /No header holds an HMAC-SHA256/);
  });

  test('the steps: the bytes signed (preview, length, sha256), each HMAC tried, and which matched', () => {
    const d = refusedWith(settings({}), { 'x-sig': V.json.hex });
    assert.deepEqual(
      d.steps.bytes.map((b) => [b.content, b.length, b.sha256]),
      [
        ['raw', BODY.length, createHash('sha256').update(BODY).digest('hex')],
        ['json', JSON_BODY.length, createHash('sha256').update(JSON_BODY).digest('hex')],
      ],
    );
    assert.ok(V.body.startsWith(d.steps.bytes[0]?.preview.replace(/…$/, '') ?? 'x'));
    assert.deepEqual(
      d.steps.hmacs.map((h) => [h.content, h.hex, h.matched]),
      [
        ['raw', V.raw.hex, undefined],
        ['json', V.json.hex, { header: 'x-sig', encoding: 'hex' }],
      ],
    );
    assert.deepEqual(d.steps.signaturesFound, [{ header: 'x-sig', encoding: 'hex' }]);
    assert.equal(d.steps.stoppedAtLimit, false);
  });

  test(`the search is bounded: at most ${DOCTOR_HMAC_LIMIT} HMACs, and the diagnosis says it stopped`, () => {
    assert.ok(DOCTOR_HMAC_LIMIT < 200);
    // 150 base64-looking secrets, each in two forms, over two contents and Standard's: 900 variants.
    const secrets = Array.from({ length: 150 }, (_, i) =>
      Buffer.from(`secret number ${i}`).toString('base64'),
    );
    const headers: Record<string, string> = {
      'webhook-id': 'msg_1',
      'webhook-timestamp': '1700000000',
      [SIGNATURE_HEADER]: hmac('unknown', BODY).toString('base64'),
    };
    for (let i = 0; i < 40; i++)
      headers[`x-extra-${i}`] = hmac(`h${i}`, BODY).toString(i % 2 ? 'hex' : 'base64');
    let computed = 0;
    const d = diagnoseSignature({
      scheme: 'makini',
      secrets,
      headers,
      body: BODY,
      hmac: (key, content) => {
        computed++;
        return createHmac('sha256', key).update(content).digest();
      },
    });
    assert.equal(computed, DOCTOR_HMAC_LIMIT);
    assert.equal(d.steps.hmacs.length, DOCTOR_HMAC_LIMIT);
    assert.equal(d.steps.stoppedAtLimit, true);
    assert.match(d.fix, new RegExp(`stopped at its bound of ${DOCTOR_HMAC_LIMIT} HMACs`));
    // Through the receiver too.
    const check = checkSignature(settings({ secrets }), headers, BODY);
    assert.ok(!check.verified && (check.diagnosis?.steps.hmacs.length ?? 0) <= DOCTOR_HMAC_LIMIT);
  });

  test('a verified webhook costs no diagnosis; a clock failure gets none', () => {
    const ok = checkSignature(settings({}), { [SIGNATURE_HEADER]: V.json.hex }, BODY);
    assert.deepEqual(ok, {
      verified: true,
      signedAs: { header: SIGNATURE_HEADER, encoding: 'hex', content: 'json' },
    });
    const stale = standardScheme.sign({ id: 'msg_2', timestamp: 1, body: BODY, secrets: [WHSEC] });
    const check = checkSignature(settings({ scheme: 'standard', secrets: [WHSEC] }), stale, BODY);
    assert.ok(!check.verified && check.reason === 'timestamp_out_of_tolerance');
    assert.equal(check.diagnosis, undefined);
  });
});
