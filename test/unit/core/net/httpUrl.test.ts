import * as assert from 'node:assert/strict';
import { parseHttpUrl } from '../../../../src/core/net/httpUrl';

suite('net/httpUrl', () => {
  const wording = { example: 'http://127.0.0.1:3000/webhooks', subject: 'Webhooks go over' };
  const refuse = (message: string, options?: ErrorOptions): Error => new RangeError(message, options);

  test('an http or https URL is parsed', () => {
    assert.equal(parseHttpUrl('https://example.com/hooks', wording, refuse).host, 'example.com');
    assert.equal(parseHttpUrl('http://127.0.0.1:3000/x', wording, refuse).port, '3000');
  });

  test('what is not a URL is refused with the example, and the parse error as cause', () => {
    assert.throws(
      () => parseHttpUrl('/webhooks', wording, refuse),
      (e: unknown) => e instanceof RangeError && e.message.includes('http://127.0.0.1:3000/webhooks'),
    );
    assert.throws(
      () => parseHttpUrl('not a url', wording, refuse),
      (e: unknown) => e instanceof RangeError && e.cause instanceof TypeError,
    );
  });

  test('another protocol is refused in the words the caller gives', () => {
    assert.throws(
      () => parseHttpUrl('ftp://example.com/', wording, refuse),
      (e: unknown) =>
        e instanceof RangeError &&
        e.message === "Webhooks go over http or https, not 'ftp:' (ftp://example.com/).",
    );
  });
});
