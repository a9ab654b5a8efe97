import * as assert from 'node:assert/strict';
import { PORTAL_WEBHOOKS_PATH } from '../../../../src/core/contract/makiniContract';
import {
  PASTE_INTO,
  parsePublicUrl,
  PublicUrlError,
  publicUrlProblem,
  publicWebhookUrl,
  tunnelCommand,
} from '../../../../src/core/receiver/publicUrl';
import { request, startReceiver, stopReceivers } from './receiverFixture';

suite('receiver/publicUrl', () => {
  teardown(() => stopReceivers());

  test("the webhook URL is the tunnel's address with the receiver's path, the path given once", () => {
    const cases: [string, string, string][] = [
      ['https://abc.ngrok-free.app', '/webhooks', 'https://abc.ngrok-free.app/webhooks'],
      ['https://abc.ngrok-free.app/', '/webhooks', 'https://abc.ngrok-free.app/webhooks'],
      ['https://abc.ngrok-free.app/webhooks', '/webhooks', 'https://abc.ngrok-free.app/webhooks'],
      ['https://proxy.example/makini/', '/hooks', 'https://proxy.example/makini/hooks'],
      ['https://abc.ngrok-free.app?x=1#y', '/webhooks', 'https://abc.ngrok-free.app/webhooks'],
      ['https://abc.ngrok-free.app', '/', 'https://abc.ngrok-free.app/'],
    ];
    for (const [base, path, expected] of cases)
      assert.equal(publicWebhookUrl(base, path, 'ngrok').webhookUrl, expected, `${base} + ${path}`);
    const url = publicWebhookUrl('https://ABC.ngrok-free.app', '/webhooks', 'manual');
    assert.equal(url.host, 'abc.ngrok-free.app');
    assert.equal(url.https, true);
    assert.equal(url.source, 'manual');
  });

  test('only an https URL is fit for Makini; http says why and what to use', () => {
    assert.equal(publicUrlProblem(publicWebhookUrl('https://a.example', '/w', 'ngrok')), undefined);
    const problem = publicUrlProblem(publicWebhookUrl('http://a.example', '/w', 'ngrok'));
    assert.match(problem ?? '', /Makini requires HTTPS/);
    assert.match(problem ?? '', /https address of your tunnel/);
  });

  test('a URL given by hand that is not http(s) is refused with an example', () => {
    for (const bad of ['', 'abc.ngrok-free.app', 'ftp://a.example', 'https://', 'mailto:a@b.c'])
      assert.throws(
        () => parsePublicUrl(bad),
        (error: unknown) =>
          PublicUrlError.is(error, 'invalidPublicUrl') && /e\.g\. https:\/\//.test(error.message),
        bad,
      );
  });

  test('the hint names the real port, and where the URL goes', () => {
    assert.equal(tunnelCommand(41234), 'ngrok http 41234');
    assert.ok(PASTE_INTO.endsWith(PORTAL_WEBHOOKS_PATH));
  });

  test("the receiver takes the public URL's Host once told it, and still refuses other names", async () => {
    const { receiver, url } = await startReceiver();
    const json = { 'content-type': 'application/json' };
    const send = (host: string) => request(url, { headers: { ...json, host }, body: '{}' });
    assert.equal((await send('abc.ngrok-free.app')).status, 421, 'before: a rebinding guard');
    receiver.update({ publicHosts: ['abc.ngrok-free.app'] });
    assert.equal((await send('abc.ngrok-free.app')).status, 200);
    assert.equal((await send('ABC.ngrok-free.app:443')).status, 200, 'case and port do not matter');
    assert.equal((await send('evil.example')).status, 421);
  });
});
