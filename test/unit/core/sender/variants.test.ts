import * as assert from 'node:assert/strict';
import {
  EVENT_ID_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
} from '../../../../src/core/contract/makiniContract';
import { validateWebhookBody } from '../../../../src/core/events/validation';
import { buildWebhook } from '../../../../src/core/events/webhookBuilder';
import type { Webhook } from '../../../../src/core/events/envelope';
import type { DeliveryRecord } from '../../../../src/core/sender/deliveryRecord';
import {
  parseVariantName,
  STALE_BY_SECONDS,
  VARIANT_NAMES,
  VariantError,
  type VariantName,
  withVariant,
} from '../../../../src/core/sender/variants';
import { WebhookSender } from '../../../../src/core/sender/webhookSender';
import { getScheme } from '../../../../src/core/signing/schemes';
import type { SignatureScheme } from '../../../../src/core/signing/signatureScheme';
import { type ReceivedRequest, TestEndpoint } from './testEndpoint';

const MAKINI_SECRET = 'variants-makini-secret-3b7f';
const STANDARD_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const makini = getScheme('makini');
const standard = getScheme('standard');

/** The one header value `name` the endpoint received. */
function header(received: ReceivedRequest, name: string): string | undefined {
  const value = received.headers[name];
  return Array.isArray(value) ? value.join(' ') : value;
}

suite('sender/variants', () => {
  let sender: WebhookSender;
  let endpoint: TestEndpoint;
  setup(async () => {
    sender = new WebhookSender();
    endpoint = await TestEndpoint.statuses(200);
  });
  teardown(async () => {
    await sender.dispose();
    await endpoint.stop();
  });

  const detailed = (): Webhook => buildWebhook('sync.completed', { seed: 3, envelope: 'detailed' });

  /** Sends `event` as `variant` to the endpoint; the request it got and the record made. */
  async function sendAs(
    variant: VariantName,
    scheme: SignatureScheme,
    secret: string,
    event: Webhook = detailed(),
  ): Promise<{ received: ReceivedRequest; record: DeliveryRecord; event: Webhook }> {
    const request = withVariant(
      { url: endpoint.url(), event, scheme, secrets: [secret], headers: { 'x-trace': 't-1' } },
      variant,
    );
    const [record] = await sender.send(request);
    const received = endpoint.received.at(-1);
    assert.ok(record && received);
    assert.equal(record.variant, variant, 'the record names the variant');
    assert.equal(header(received, EVENT_ID_HEADER) ?? header(received, 'webhook-id'), event.id);
    assert.equal(header(received, 'x-trace'), 't-1', 'custom headers go with every variant');
    return { received, record, event };
  }

  test('valid: the JSON of the payload, signed over exactly those bytes with the secret given', async () => {
    const { received, event } = await sendAs('valid', makini, MAKINI_SECRET);
    const body = Buffer.from(JSON.stringify(event.payload));
    assert.ok(received.body.equals(body));
    const expected = makini.sign({ id: event.id, timestamp: 0, body, secrets: [MAKINI_SECRET] });
    assert.equal(header(received, SIGNATURE_HEADER), expected[SIGNATURE_HEADER]);
    assert.equal(header(received, 'content-type'), 'application/json');
  });

  test('bad-signature: the same body with a well-formed signature of other bytes, which fails as a mismatch', async () => {
    const { received, event } = await sendAs('bad-signature', makini, MAKINI_SECRET);
    const body = Buffer.from(JSON.stringify(event.payload));
    assert.ok(received.body.equals(body));
    const overOther = makini.sign({
      id: event.id,
      timestamp: 0,
      body: Buffer.concat([body, Buffer.from('\n')]),
      secrets: [MAKINI_SECRET],
    });
    assert.equal(header(received, SIGNATURE_HEADER), overOther[SIGNATURE_HEADER]);
    const verdict = makini.verify({ headers: received.headers, body, secrets: [MAKINI_SECRET] });
    assert.equal(verdict.ok ? 'ok' : verdict.reason, 'mismatch');
  });

  test('other-secret: a valid signature for some other secret, refused with the real one', async () => {
    const { received } = await sendAs('other-secret', standard, STANDARD_SECRET);
    assert.match(header(received, 'webhook-signature') ?? '', /^v1,[A-Za-z0-9+/]+=*$/);
    const verdict = standard.verify({
      headers: received.headers,
      body: received.body,
      secrets: [STANDARD_SECRET],
    });
    assert.equal(verdict.ok ? 'ok' : verdict.reason, 'mismatch');
  });

  test('stale-timestamp: standard signature of a timestamp an hour old; makini has none to age', async () => {
    const { received, event } = await sendAs('stale-timestamp', standard, STANDARD_SECRET);
    const stamp = Number(header(received, 'webhook-timestamp'));
    const body = Buffer.from(JSON.stringify(event.payload));
    assert.ok(received.body.equals(body));
    const expected = standard.sign({ id: event.id, timestamp: stamp, body, secrets: [STANDARD_SECRET] });
    assert.equal(header(received, 'webhook-signature'), expected['webhook-signature']);
    const now = standard.verify({ headers: received.headers, body, secrets: [STANDARD_SECRET] });
    assert.equal(now.ok ? 'ok' : now.reason, 'timestamp_out_of_tolerance');
    assert.ok(Math.floor(Date.now() / 1000) - stamp >= STALE_BY_SECONDS, String(stamp));
    const then = new Date(stamp * 1000);
    assert.ok(standard.verify({ headers: received.headers, body, secrets: [STANDARD_SECRET], now: then }).ok);

    assert.throws(
      () =>
        withVariant(
          { url: endpoint.url(), event, scheme: makini, secrets: [MAKINI_SECRET] },
          'stale-timestamp',
        ),
      (error: unknown) =>
        VariantError.is(error, 'needs_signed_timestamp') && /--scheme standard/.test(error.message),
    );
  });

  test('missing-signature: no signature header, every other header as sent', async () => {
    const { received, event } = await sendAs('missing-signature', makini, MAKINI_SECRET);
    assert.equal(received.headers[SIGNATURE_HEADER], undefined);
    assert.ok(header(received, TIMESTAMP_HEADER));
    assert.ok(received.body.equals(Buffer.from(JSON.stringify(event.payload))));
    const verdict = makini.verify({
      headers: received.headers,
      body: received.body,
      secrets: [MAKINI_SECRET],
    });
    assert.equal(verdict.ok ? 'ok' : verdict.reason, 'missing_header');

    const std = await sendAs('missing-signature', standard, STANDARD_SECRET);
    assert.equal(std.received.headers['webhook-signature'], undefined);
    assert.equal(header(std.received, 'webhook-id'), std.event.id);
  });

  test('invalid-payload: a body without a required envelope field, correctly signed, that the schema refuses', async () => {
    const { received, event } = await sendAs('invalid-payload', makini, MAKINI_SECRET);
    assert.equal(event.envelope, 'detailed');
    const rest = Object.fromEntries(Object.entries(event.payload).filter(([key]) => key !== 'data'));
    assert.ok(received.body.equals(Buffer.from(JSON.stringify(rest))), received.body.toString());
    assert.ok(makini.verify({ headers: received.headers, body: received.body, secrets: [MAKINI_SECRET] }).ok);
    assert.ok(validateWebhookBody(JSON.parse(received.body.toString())).issues.length > 0);

    const ids = buildWebhook('work_orders.updated', { seed: 3, envelope: 'ids' });
    const sent = await sendAs('invalid-payload', makini, MAKINI_SECRET, ids);
    assert.deepEqual(JSON.parse(sent.received.body.toString()), { event: 'work_orders.updated' });
    assert.ok(validateWebhookBody(JSON.parse(sent.received.body.toString())).issues.length > 0);
  });

  test('wrong-content-type: text/plain, the same bytes, validly signed', async () => {
    const { received, event } = await sendAs('wrong-content-type', makini, MAKINI_SECRET);
    assert.equal(header(received, 'content-type'), 'text/plain');
    assert.ok(received.body.equals(Buffer.from(JSON.stringify(event.payload))));
    assert.ok(makini.verify({ headers: received.headers, body: received.body, secrets: [MAKINI_SECRET] }).ok);
  });

  test('names: every variant parses; an unknown one lists those that exist', () => {
    for (const name of VARIANT_NAMES) assert.equal(parseVariantName(name), name);
    assert.throws(
      () => parseVariantName('broken'),
      (error: unknown) =>
        VariantError.is(error, 'unknown_variant') && error.message.includes('bad-signature, other-secret'),
    );
  });
});
