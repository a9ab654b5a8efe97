import * as assert from 'node:assert/strict';
import { SIGNATURE_HEADER } from '../../../../src/core/contract/makiniContract';
import { exportReceiptsHar } from '../../../../src/core/receiver/receiptHar';
import { eventBody, postSigned, request, startReceiver, stopReceivers } from './receiverFixture';

interface HarEntry {
  startedDateTime: string;
  request: {
    method: string;
    url: string;
    headers: { name: string; value: string }[];
    postData: { mimeType: string; text: string; _encoding?: string };
    bodySize: number;
  };
  response: { status: number };
  comment: string;
}

const SECRET = 'receipt-har-secret-2f1d';

suite('receipts HAR export', () => {
  teardown(() => stopReceivers());

  test('one HAR 1.2 entry per received request, oldest first, with its body, headers and answer', async () => {
    const { url, receipts } = await startReceiver({ settings: { secrets: [SECRET] } });
    const event = eventBody();
    assert.equal((await postSigned(`${url}hooks`, 'makini', [SECRET], event)).status, 200);
    const notUtf8 = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
    assert.equal(
      (await request(url, { headers: { 'content-type': 'application/json' }, body: notUtf8 })).status,
      401,
    );
    assert.equal(receipts.length, 2);

    const har = JSON.parse(exportReceiptsHar([...receipts].reverse())) as {
      log: { version: string; creator: { name: string }; entries: HarEntry[] };
    };
    assert.equal(har.log.version, '1.2');
    assert.equal(har.log.creator.name, 'makini-devtools');
    const [signed, refused] = har.log.entries;
    assert.ok(signed && refused);
    assert.equal(signed.request.method, 'POST');
    assert.equal(signed.request.url, `${url}hooks`);
    assert.equal(signed.request.postData.text, event.body.toString('utf8'));
    assert.equal(signed.request.postData.mimeType, 'application/json');
    assert.equal(signed.request.bodySize, event.body.length);
    assert.ok(
      signed.request.headers.some((h) => h.name === SIGNATURE_HEADER),
      JSON.stringify(signed.request.headers),
    );
    assert.equal(signed.response.status, 200);
    assert.match(signed.comment, new RegExp(`sync\\.completed ${event.id}, receipt rcpt_[\\w-]+: verified$`));
    // Bytes that are not UTF-8 stay exact, in base64.
    assert.equal(refused.request.postData._encoding, 'base64');
    assert.ok(Buffer.from(refused.request.postData.text, 'base64').equals(notUtf8));
    assert.equal(refused.response.status, 401);
    assert.match(refused.comment, /: rejected \(/);
  });
});
