import * as assert from 'node:assert/strict';
import { Sandbox, SANDBOX_CREDENTIALS } from '../../../../src/core/sandbox/sandbox';
import { portOf, rawRequest } from './rawHttp';
import { call, field } from './sandboxHttp';

const CREDENTIALS = {
  grant_type: 'client_credentials',
  client_id: SANDBOX_CREDENTIALS.clientId,
  client_secret: SANDBOX_CREDENTIALS.clientSecret,
};

async function adminToken(base: string): Promise<string> {
  const answer = await call(base, 'POST', '/link/token', { body: CREDENTIALS });
  assert.equal(answer.status, 200);
  return String(field(answer.body, 'access_token'));
}

suite('sandbox inputs', () => {
  let sandbox: Sandbox;
  let base: string;
  let clock: number;

  setup(async () => {
    clock = Date.parse('2026-03-01T10:00:00Z');
    sandbox = new Sandbox({
      seed: 11,
      now: () => clock,
      adminTokenTtlSeconds: 60,
      connectionTokenTtlSeconds: 60,
    });
    base = await sandbox.start();
  });

  teardown(() => sandbox.stop());

  test('a connection id that is not valid percent-encoding gets 400, on every route that decodes one', async () => {
    const admin = await adminToken(base);
    const answers = [
      await call(base, 'POST', '/api/system/connections/%E0%A4%A/token', { token: admin }),
      await call(base, 'POST', '/_sandbox/connections/%E0%A4%A/status', { body: { status: 'Active' } }),
      await call(base, 'POST', '/_sandbox/connections/%ZZ/sync', { body: {} }),
      await call(base, 'GET', '/link/reauthorize/%E0%A4%A'),
      await call(base, 'POST', '/link/reauthorize/%C0%AF', { body: { nonce: 'x' } }),
    ];
    for (const answer of answers) {
      assert.equal(answer.status, 400, JSON.stringify(answer.body));
      assert.equal(field(answer.body, 'code'), 'INVALID_REQUEST');
      assert.match(String(field(answer.body, 'message')), /percent-encoding/);
      assert.equal(field(answer.body, 'request_id'), answer.headers.get('x-request-id'));
    }
  });

  test('a request target that is not a URL gets 400, not 500', async () => {
    const port = portOf(base);
    const answer = await rawRequest(
      port,
      `GET http://[/api/system/connections HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nconnection: close\r\n\r\n`,
    );
    assert.equal(answer.status, 400, answer.text);
  });

  test('tokens expired for over an hour are forgotten when the next one is issued', async () => {
    const first = await adminToken(base);
    for (let i = 0; i < 4; i++) await adminToken(base);
    assert.equal(sandbox.tokens.size, 5);
    clock += 61_000;
    const expired = await call(base, 'GET', '/api/system/connections', { token: first });
    assert.equal(field(expired.body, 'code'), 'TOKEN_EXPIRED');
    await adminToken(base);
    assert.equal(sandbox.tokens.size, 6, 'tokens expired a minute ago are still known');
    clock += 3_661_000;
    const fresh = await adminToken(base);
    assert.equal(sandbox.tokens.size, 1);
    assert.equal((await call(base, 'GET', '/api/system/connections', { token: fresh })).status, 200);
  });

  test('reauthorization nonces expire and are forgotten when the next page is shown', async () => {
    const key = sandbox.state.connections()[0]?.key ?? '';
    const path = `/link/reauthorize/${key}`;
    const nonceOf = async (): Promise<string> => {
      const page = await call(base, 'GET', path);
      assert.equal(page.status, 200);
      return /name="nonce" value="([0-9a-f]+)"/.exec(String(page.body))?.[1] ?? '';
    };
    const old = await nonceOf();
    await nonceOf();
    await nonceOf();
    assert.equal(sandbox.reauthorizeNonces, 3);
    clock += 16 * 60_000;
    const fresh = await nonceOf();
    assert.equal(sandbox.reauthorizeNonces, 1);
    const post = (nonce: string): Promise<Response> =>
      fetch(new URL(path, base), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `nonce=${nonce}`,
      });
    assert.equal((await post(old)).status, 403);
    assert.equal((await post(fresh)).status, 200);
    assert.equal(sandbox.reauthorizeNonces, 0);
  });
});
