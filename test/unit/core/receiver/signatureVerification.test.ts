import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { DEPRECATED_SIGNATURE_HEADER, SIGNATURE_HEADER } from '../../../../src/core/contract/makiniContract';
import { ReceiverSettingsError } from '../../../../src/core/receiver/receiverSettings';
import { ReceiverServer } from '../../../../src/core/receiver/receiverServer';
import { newSecret } from '../../../../src/core/signing/schemes';
import {
  eventBody,
  postSigned,
  request,
  signedHeaders,
  startReceiver,
  stopReceivers,
} from './receiverFixture';

suite('receiver signature verification', () => {
  teardown(stopReceivers);

  for (const scheme of ['makini', 'standard'] as const) {
    test(`${scheme}: a correctly signed webhook is verified and answered 200 with its id`, async () => {
      const secret = newSecret(scheme);
      const { url, receipts } = await startReceiver({ settings: { scheme, secrets: [secret] } });
      const event = eventBody();
      const answer = await postSigned(url, scheme, [secret], event);
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.json(), { received: true, id: event.id });
      assert.equal(receipts[0]?.verified, true);
      assert.equal(receipts[0]?.eventId, event.id);
      assert.equal(receipts[0]?.eventType, 'sync.completed');
      assert.equal(receipts[0]?.connectionId, 'conn_test');
      assert.deepEqual(receipts[0]?.schemaErrors, []);
    });

    test(`${scheme}: during a rotation both the old and the new secret verify`, async () => {
      const [old, next] = [newSecret(scheme), newSecret(scheme)];
      const { url } = await startReceiver({ settings: { scheme, secrets: [next, old] } });
      assert.equal((await postSigned(url, scheme, [old])).status, 200);
      assert.equal((await postSigned(url, scheme, [next])).status, 200);
      assert.equal((await postSigned(url, scheme, [newSecret(scheme)])).status, 401);
    });

    test(`${scheme}: a wrong secret is 401 mismatch, without revealing the expected signature`, async () => {
      const secret = newSecret(scheme);
      const { url, receipts } = await startReceiver({ settings: { scheme, secrets: [secret] } });
      const event = eventBody();
      const answer = await postSigned(url, scheme, [newSecret(scheme)], event);
      assert.equal(answer.status, 401);
      assert.equal(answer.json().error, 'mismatch');
      assert.match(String(answer.json().message), /secret/);
      const expected = signedHeaders(scheme, [secret], event.id, event.body);
      const expectedSignature = expected[SIGNATURE_HEADER] ?? expected['webhook-signature'] ?? '';
      assert.ok(expectedSignature.length > 20);
      assert.ok(!answer.text.includes(expectedSignature.replace(/^v1,/, '')));
      assert.ok(!JSON.stringify(receipts).includes(secret));
      assert.equal(receipts[0]?.verified, false);
      assert.equal(receipts[0]?.reason, 'mismatch');
    });

    test(`${scheme}: a missing signature is 401 missing_header`, async () => {
      const { url } = await startReceiver({ settings: { scheme, secrets: [newSecret(scheme)] } });
      const { body } = eventBody();
      const answer = await request(url, { headers: { 'content-type': 'application/json' }, body });
      assert.equal(answer.status, 401);
      assert.equal(answer.json().error, 'missing_header');
    });

    test(`${scheme}: a body changed after signing is 401`, async () => {
      const secret = newSecret(scheme);
      const { url } = await startReceiver({ settings: { scheme, secrets: [secret] } });
      const event = eventBody();
      const headers = signedHeaders(scheme, [secret], event.id, event.body);
      const tampered = Buffer.from(event.body.toString().replace('conn_test', 'conn_evil'));
      assert.equal((await request(url, { headers, body: tampered })).status, 401);
    });
  }

  test('a signature neither base64 nor hex is 401 malformed_signature, not a crash', async () => {
    const { url, receipts } = await startReceiver({
      settings: { scheme: 'makini', secrets: ['s3cret-value'] },
    });
    const { body } = eventBody();
    const headers = { 'content-type': 'application/json', [SIGNATURE_HEADER]: 'not base64 at all!' };
    const answer = await request(url, { headers, body });
    assert.equal(answer.status, 401);
    assert.equal(answer.json().error, 'malformed_signature');
    assert.equal(receipts[0]?.diagnosis?.matched, false);
  });

  test('every documented makini variant is taken over a socket, and the receipt says which matched', async () => {
    const secret = 's3cret-value';
    const { url, receipts } = await startReceiver({ settings: { scheme: 'makini', secrets: [secret] } });
    const cases = [
      { header: SIGNATURE_HEADER, encoding: 'base64', content: 'raw' },
      { header: SIGNATURE_HEADER, encoding: 'hex', content: 'raw' },
      { header: SIGNATURE_HEADER, encoding: 'base64', content: 'json' },
      { header: DEPRECATED_SIGNATURE_HEADER, encoding: 'hex', content: 'json' },
    ] as const;
    for (const [i, c] of cases.entries()) {
      // Spaced out, so that the raw bytes and their re-serialisation differ.
      const body = Buffer.from(JSON.stringify(JSON.parse(eventBody().body.toString()), null, 1));
      const signed = c.content === 'raw' ? body : Buffer.from(JSON.stringify(JSON.parse(body.toString())));
      const value = createHmac('sha256', secret).update(signed).digest(c.encoding);
      const headers = { 'content-type': 'application/json', [c.header]: value };
      assert.equal((await request(url, { headers, body })).status, 200, `${c.encoding} ${c.content}`);
      assert.deepEqual(receipts[i]?.signedAs, {
        header: c.header,
        encoding: c.encoding,
        content: c.content,
        ...(c.header === DEPRECATED_SIGNATURE_HEADER ? { deprecated: true } : {}),
      });
      assert.equal(receipts[i]?.diagnosis, undefined);
    }
  });

  test('a webhook signed in another header is refused 401; the receipt, not the answer, carries the diagnosis', async () => {
    const secret = 's3cret-value';
    const { url, receipts } = await startReceiver({ settings: { scheme: 'makini', secrets: [secret] } });
    const event = eventBody();
    const signature = createHmac('sha256', secret).update(event.body).digest('base64');
    const headers = { 'content-type': 'application/json', 'x-signature': signature };
    const answer = await request(url, { headers, body: event.body });
    assert.equal(answer.status, 401);
    assert.equal(answer.json().error, 'missing_header');
    assert.ok(!answer.text.includes('diagnosis') && !answer.text.includes('x-signature'));
    const diagnosis = receipts[0]?.diagnosis;
    assert.equal(diagnosis?.matched, true);
    assert.equal(diagnosis?.header, 'x-signature');
    assert.equal(
      diagnosis?.fix,
      'Set makini.webhooks.signatureHeader to x-signature (CLI: --signature-header x-signature).',
    );
    assert.equal(receipts[0]?.verdict.outcome, 'rejected');
    assert.ok(!JSON.stringify(receipts).includes(secret));
  });

  test('a stale timestamp is 401 timestamp_out_of_tolerance', async () => {
    const secret = newSecret('standard');
    const { url } = await startReceiver({
      settings: { scheme: 'standard', secrets: [secret], toleranceSeconds: 60 },
    });
    const event = eventBody();
    const stale = Math.floor(Date.now() / 1000) - 3600;
    const answer = await request(url, {
      headers: signedHeaders('standard', [secret], event.id, event.body, stale),
      body: event.body,
    });
    assert.equal(answer.status, 401);
    assert.equal(answer.json().error, 'timestamp_out_of_tolerance');
  });

  test('a custom signature header name is honoured', async () => {
    const { url } = await startReceiver({
      settings: { scheme: 'makini', secrets: ['s3cret-value'], signatureHeader: 'x-sig' },
    });
    const event = eventBody();
    const signed = signedHeaders('makini', ['s3cret-value'], event.id, event.body);
    const headers = { 'content-type': 'application/json', 'x-sig': signed[SIGNATURE_HEADER] ?? '' };
    assert.equal((await request(url, { headers, body: event.body })).status, 200);
  });

  test('without a secret webhooks are accepted and marked unverified, saying so', async () => {
    const { url, receipts } = await startReceiver();
    const { body } = eventBody();
    const answer = await request(url, { headers: { 'content-type': 'application/json' }, body });
    assert.equal(answer.status, 200);
    assert.equal(receipts[0]?.verified, false);
    assert.equal(receipts[0]?.reason, 'no_secret');
    assert.match(receipts[0]?.message ?? '', /not checked/);
  });

  test('secrets can change while running', async () => {
    const { url, receiver } = await startReceiver({
      settings: { scheme: 'makini', secrets: ['first-secret'] },
    });
    assert.equal((await postSigned(url, 'makini', ['second-secret'])).status, 401);
    receiver.update({ secrets: ['second-secret'] });
    assert.equal((await postSigned(url, 'makini', ['second-secret'])).status, 200);
    receiver.update({ scheme: 'standard', secrets: [newSecret('standard')] });
    assert.equal((await postSigned(url, 'makini', ['second-secret'])).status, 401);
  });

  test('an unusable secret is refused when configured, and the old settings stay', async () => {
    assert.throws(
      () => new ReceiverServer({ settings: { scheme: 'standard', secrets: ['whsec_%%%'] } }),
      (e: unknown) => e instanceof ReceiverSettingsError && e.code === 'invalidSecret',
    );
    const { receiver } = await startReceiver({ settings: { scheme: 'makini', secrets: ['ok-secret'] } });
    assert.throws(() => receiver.update({ scheme: 'standard' }), ReceiverSettingsError);
    assert.equal(receiver.currentSettings.scheme, 'makini');
  });
});
