import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { explainApiError, failureReason } from '../../../../src/core/api/apiErrors';
import { MakiniClient } from '../../../../src/core/api/makiniClient';
import { SANDBOX_CREDENTIALS } from '../../../../src/core/sandbox/sandbox';
import { startClientFixture, type ClientFixture } from './clientFixture';

/** A client on `baseUrl` that does not wait between its retries. */
function clientOn(baseUrl: string, clientSecret = SANDBOX_CREDENTIALS.clientSecret): MakiniClient {
  return new MakiniClient({
    baseUrl,
    clientId: SANDBOX_CREDENTIALS.clientId,
    clientSecret,
    timeoutMs: 2000,
    retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    sleep: () => Promise.resolve(true),
  });
}

async function failureOf(client: MakiniClient): Promise<unknown> {
  try {
    await client.listConnections();
  } catch (error) {
    return error;
  } finally {
    client.dispose();
  }
  assert.fail('the call succeeded');
}

/** A loopback port that was bound and closed again: nothing listens there. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

suite('api/apiErrors: what the developer reads', () => {
  let f: ClientFixture | undefined;
  teardown(async () => {
    await f?.stop();
    f = undefined;
  });

  test('a host that does not resolve is named, with the makini.apiUrl setting', async () => {
    const apiUrl = 'http://makini-api.invalid';
    const error = await failureOf(clientOn(apiUrl));
    const text = explainApiError(error, apiUrl);
    assert.match(text, /^The host makini-api\.invalid was not found \((ENOTFOUND|EAI_AGAIN)\)\./);
    assert.ok(text.includes('makini.apiUrl (now http://makini-api.invalid)'), text);
    assert.match(failureReason(error), /^(ENOTFOUND|EAI_AGAIN)$/);
  });

  test('a refused connection names the URL, the code and the setting', async () => {
    const apiUrl = `http://127.0.0.1:${await closedPort()}`;
    const error = await failureOf(clientOn(apiUrl));
    assert.equal(failureReason(error), 'ECONNREFUSED');
    assert.equal(
      explainApiError(error, apiUrl),
      `Nothing answers at ${apiUrl} (ECONNREFUSED). Check the setting makini.apiUrl (now ${apiUrl}).`,
    );
  });

  test('refused credentials point to the dashboard page, not to the status page', async () => {
    f = await startClientFixture();
    const apiUrl = f.sandbox.url ?? '';
    const error = await failureOf(clientOn(apiUrl, 'not-the-secret'));
    const text = explainApiError(error, apiUrl);
    assert.match(text, /^Makini refused the client ID and secret \(HTTP 401\)\./);
    assert.ok(text.includes('Settings > Application Settings'), text);
    assert.ok(!/status page/i.test(text), text);
    assert.ok(!text.includes('not-the-secret'));
    assert.equal(failureReason(error), 'HTTP 401 AUTHENTICATION_FAILED');
  });

  test("a 5xx is Makini's side: try later, or the status page", async () => {
    f = await startClientFixture({ retry: { maxAttempts: 1 } });
    f.sandbox.faults.enqueue([{ kind: 'server_error' }]);
    const apiUrl = f.sandbox.url ?? '';
    const error = await failureOf(f.client);
    assert.match(explainApiError(error, apiUrl), /^Makini answered HTTP 500: a problem on Makini's side\./);
    assert.match(explainApiError(error, apiUrl), /status page/);
    assert.match(failureReason(error), /^HTTP 500/);
  });

  test('anything else keeps its message', () => {
    assert.equal(explainApiError(new Error('boom'), 'http://x'), 'boom');
    assert.equal(failureReason(new Error('boom')), 'boom');
  });
});
