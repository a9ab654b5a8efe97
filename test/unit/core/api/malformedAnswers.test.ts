import * as assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MakiniApiError } from '../../../../src/core/api/apiErrors';
import { MakiniClient } from '../../../../src/core/api/makiniClient';
import { parseConnectionToken, parseIntegration } from '../../../../src/core/api/parseModels';

/** A stand-in Makini whose listing answers `page`, to try shapes the sandbox never sends. */
async function serve(page: unknown): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.setHeader('x-request-id', 'req_malformed');
    if (req.url === '/link/token')
      res.end(JSON.stringify({ access_token: 't', token_type: 'bearer', expires_in: 60 }));
    else res.end(JSON.stringify(page));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

suite('api/malformed answers', () => {
  let server: Server | undefined;
  let client: MakiniClient | undefined;
  teardown(async () => {
    client?.dispose();
    server?.close();
    server?.closeAllConnections();
    if (server) await once(server, 'close');
  });

  async function listingError(page: unknown): Promise<MakiniApiError> {
    const served = await serve(page);
    server = served.server;
    client = new MakiniClient({ baseUrl: served.url, clientId: 'a', clientSecret: 'b' });
    try {
      await client.listConnections();
    } catch (error) {
      assert.ok(error instanceof MakiniApiError);
      return error;
    }
    assert.fail('expected the listing to fail');
  }

  test('a connection without a status names the endpoint and the field', async () => {
    const error = await listingError({
      data: [
        { key: '1', name: 'A', status: 'Active' },
        { key: '2', name: 'B' },
      ],
    });
    assert.equal(error.code, 'malformed');
    assert.equal(error.field, 'data[1].status');
    assert.equal(error.requestId, 'req_malformed');
    assert.match(
      error.message,
      /GET \/api\/system\/connections .*'data\[1\]\.status' should be a non-empty string, got undefined/,
    );
  });

  test('data that is not a list', async () => {
    const error = await listingError({ data: { key: '1' } });
    assert.equal(error.field, 'data');
  });

  test('page meta that is not a number', async () => {
    const error = await listingError({ data: [], meta: { current_page: 'one', last_page: 1 } });
    assert.equal(error.field, 'meta.current_page');
  });

  test('token answers: both the documented wrapper and the bare sample shape', () => {
    assert.deepEqual(parseConnectionToken({ data: { token: 'x', expires_in: 300 } }), {
      token: 'x',
      expiresInSeconds: 300,
    });
    assert.deepEqual(parseConnectionToken({ token: 'y', expires_in: '300' }), {
      token: 'y',
      expiresInSeconds: 300,
    });
    assert.throws(() => parseConnectionToken({ data: { token: 'x', expires_in: 0 } }), /data\.expires_in/);
    assert.throws(() => parseIntegration({ data: { id: 'i' } }), /data\.sync_status/);
  });
});
