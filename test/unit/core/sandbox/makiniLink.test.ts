import * as assert from 'node:assert/strict';
import { Sandbox } from '../../../../src/core/sandbox/sandbox';
import {
  answerConsent,
  assertProblem,
  CLIENT,
  codeFor,
  exchange,
  openConsent,
  REDIRECT,
  tokenForm,
} from './linkFlow';
import { call, field } from './sandboxHttp';

suite('sandbox Makini Link', () => {
  let sandbox: Sandbox;
  let base: string;
  let clock: number;
  let acme: string;

  setup(async () => {
    clock = Date.parse('2026-03-01T10:00:00Z');
    sandbox = new Sandbox({ seed: 5, now: () => clock });
    base = await sandbox.start();
    acme = sandbox.state.connections().find((c) => c.name.startsWith('Acme'))?.key ?? '';
  });

  teardown(() => sandbox.stop());

  test('authorization_code, then refresh_token, then a call with the refreshed token', async () => {
    const consent = await openConsent(base, {
      response_type: 'code',
      client_id: CLIENT.client_id,
      redirect_uri: REDIRECT,
      state: 'xyz 123',
    });
    assert.equal(consent.response.status, 200);
    const csp = consent.response.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /form-action 'self' http:\/\/127\.0\.0\.1:3000;/);
    assert.match(consent.response.headers.get('x-request-id') ?? '', /^req_/);
    for (const [, reference] of consent.html.matchAll(/\b(?:action|href|src)="([^"]*)"/g)) {
      assert.ok(!/^(\/|[a-z]+:)/i.test(reference ?? ''), `not relative: ${reference}`);
    }
    assert.equal(consent.offered.length, 8, 'every demo connection is offered');
    const connection = consent.offered[0] ?? '';

    const approved = await answerConsent(consent, { decision: 'approve', connection });
    assert.equal(approved.status, 303);
    const location = new URL(approved.headers.get('location') ?? '');
    assert.equal(`${location.origin}${location.pathname}`, 'http://127.0.0.1:3000/makini/callback');
    assert.equal(location.searchParams.get('app'), '1', "the redirect_uri's own query is kept");
    assert.equal(location.searchParams.get('state'), 'xyz 123');
    const code = location.searchParams.get('code') ?? '';
    assert.match(code, /^code_[\w-]{20,}$/);

    const issued = await exchange(base, code);
    assert.equal(issued.status, 200, JSON.stringify(issued.body));
    assert.deepEqual(Object.keys(issued.body as object).sort(), [
      'access_token',
      'expires_in',
      'refresh_token',
      'token_type',
    ]);
    assert.equal(field(issued.body, 'token_type'), 'bearer');
    assert.equal(field(issued.body, 'expires_in'), 30 * 86_400);
    assert.equal(issued.headers.get('cache-control'), 'no-store');
    const first = String(field(issued.body, 'access_token'));
    const current = await call(base, 'GET', '/api/integrations/current', { token: first });
    assert.equal(field(current.body, 'data', 'id'), connection, 'the token is the chosen connection’s');

    const refreshed = await tokenForm(base, {
      grant_type: 'refresh_token',
      refresh_token: String(field(issued.body, 'refresh_token')),
      ...CLIENT,
    });
    assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
    const second = String(field(refreshed.body, 'access_token'));
    assert.notEqual(second, first);
    assert.notEqual(field(refreshed.body, 'refresh_token'), field(issued.body, 'refresh_token'));
    const again = await call(base, 'GET', '/api/integrations/current', { token: second });
    assert.equal(again.status, 200);
    assert.equal(field(again.body, 'data', 'id'), connection);
  });

  test('a refresh token is good for one refresh; a refreshed admin token lists connections', async () => {
    const admin = await call(base, 'POST', '/link/token', {
      body: { grant_type: 'client_credentials', ...CLIENT },
    });
    assert.equal(admin.status, 200);
    const refreshToken = String(field(admin.body, 'refresh_token'));
    assert.match(refreshToken, /^rt_/);
    const refreshed = await tokenForm(base, {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      ...CLIENT,
    });
    const token = String(field(refreshed.body, 'access_token'));
    const list = await call(base, 'GET', '/api/system/connections', { token });
    assert.equal(field(list.body, 'meta', 'total'), 8);
    const reused = await tokenForm(base, {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      ...CLIENT,
    });
    assertProblem(reused, 400, 'REFRESH_TOKEN_USED');
    const unknown = await tokenForm(base, {
      grant_type: 'refresh_token',
      refresh_token: 'rt_nope',
      ...CLIENT,
    });
    assertProblem(unknown, 400, 'INVALID_GRANT');
  });

  test('refresh tokens last 31 days, a day past their access tokens', async () => {
    const issued = await exchange(base, await codeFor(base, acme));
    const refreshToken = String(field(issued.body, 'refresh_token'));
    clock += 30 * 86_400_000;
    const current = await call(base, 'GET', '/api/integrations/current', {
      token: String(field(issued.body, 'access_token')),
    });
    assertProblem(current, 401, 'TOKEN_EXPIRED');
    clock += 86_400_000;
    const late = await tokenForm(base, {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      ...CLIENT,
    });
    assertProblem(late, 400, 'REFRESH_TOKEN_EXPIRED');
    assert.match(String(field(late.body, 'message')), /31 days/);
  });

  test('a reused code is refused and takes back the tokens it answered', async () => {
    const code = await codeFor(base, acme);
    const issued = await exchange(base, code);
    assert.equal(issued.status, 200);
    const reused = await exchange(base, code);
    assertProblem(reused, 400, 'CODE_ALREADY_USED');
    const token = String(field(issued.body, 'access_token'));
    assertProblem(await call(base, 'GET', '/api/integrations/current', { token }), 401, 'INVALID_TOKEN');
    const refreshToken = String(field(issued.body, 'refresh_token'));
    const refresh = await tokenForm(base, {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      ...CLIENT,
    });
    assertProblem(refresh, 400, 'INVALID_GRANT');
  });

  test('expired, unknown and mismatched codes, and wrong clients, get their own errors', async () => {
    const expiring = await codeFor(base, acme);
    clock += 10 * 60_000;
    assertProblem(await exchange(base, expiring), 400, 'CODE_EXPIRED');
    assertProblem(await exchange(base, 'code_made_up'), 400, 'INVALID_GRANT');

    const code = await codeFor(base, acme);
    assertProblem(await exchange(base, code, 'http://127.0.0.1:3000/other'), 400, 'REDIRECT_URI_MISMATCH');
    const wrongSecret = await tokenForm(base, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      client_id: CLIENT.client_id,
      client_secret: 'wrong',
    });
    assertProblem(wrongSecret, 401, 'AUTHENTICATION_FAILED');
    // Neither failure used the code up; HTTP Basic client authentication works too.
    const basic = Buffer.from(`${CLIENT.client_id}:${CLIENT.client_secret}`).toString('base64');
    const good = await tokenForm(
      base,
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT },
      { authorization: `Basic ${basic}` },
    );
    assert.equal(good.status, 200, JSON.stringify(good.body));

    const grant = await tokenForm(base, { grant_type: 'password', ...CLIENT });
    assertProblem(grant, 400, 'UNSUPPORTED_GRANT_TYPE');
    assert.match(
      String(field(grant.body, 'message')),
      /client_credentials, authorization_code, refresh_token/,
    );
    assertProblem(
      await tokenForm(base, { grant_type: 'authorization_code', ...CLIENT }),
      422,
      'VALIDATION_FAILED',
    );
  });

  test('a bad authorization request is answered there, never redirected', async () => {
    const good = { response_type: 'code', client_id: CLIENT.client_id, redirect_uri: REDIRECT };
    const cases: readonly [Record<string, string>, string, RegExp][] = [
      [{ ...good, response_type: 'token' }, 'UNSUPPORTED_RESPONSE_TYPE', /response_type=code/],
      [{ ...good, client_id: 'someone-else' }, 'INVALID_CLIENT', /makini-sandbox/],
      [{ ...good, redirect_uri: 'javascript:alert(1)' }, 'INVALID_REDIRECT_URI', /http\(s\)/],
      [{ ...good, redirect_uri: '/relative' }, 'INVALID_REDIRECT_URI', /absolute/],
      [{ ...good, redirect_uri: 'https://app.example/cb#frag' }, 'INVALID_REDIRECT_URI', /fragment/],
    ];
    for (const [params, code, message] of cases) {
      const url = new URL('/oauth/authorize', base);
      for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
      const answer = await call(base, 'GET', `${url.pathname}${url.search}`);
      assertProblem(answer, 400, code);
      assert.match(String(field(answer.body, 'message')), message);
      assert.equal(answer.headers.get('location'), null);
    }
    const unknown = await openConsent(base, { ...good, connection: 'nope' });
    assert.equal(unknown.response.status, 404);
  });

  test('denying redirects with access_denied; a consent form is answered once', async () => {
    const consent = await openConsent(base, {
      response_type: 'code',
      client_id: CLIENT.client_id,
      redirect_uri: REDIRECT,
      state: 's1',
    });
    const denied = await answerConsent(consent, { decision: 'deny' });
    assert.equal(denied.status, 303);
    const location = new URL(denied.headers.get('location') ?? '');
    assert.equal(location.searchParams.get('error'), 'access_denied');
    assert.equal(location.searchParams.get('state'), 's1');
    assert.equal(location.searchParams.get('code'), null);
    const replayed = await answerConsent(consent, { decision: 'approve', connection: acme });
    assert.equal(replayed.status, 403);
    assert.equal(field(await replayed.json(), 'code'), 'INVALID_NONCE');
  });

  test('approving a connection that needs reauthorization reconnects it', async () => {
    const globex = sandbox.state.connections().find((c) => c.name.startsWith('Globex'));
    assert.ok(globex && !globex.credentialsValid);
    const consent = await openConsent(base, {
      response_type: 'code',
      client_id: CLIENT.client_id,
      redirect_uri: REDIRECT,
      connection: globex.key,
    });
    assert.equal(consent.offered[0], globex.key, 'connection= preselects it');
    assert.match(consent.html, /needs reauthorization/);
    await answerConsent(consent, { decision: 'approve', connection: globex.key });
    const after = sandbox.state.connection(globex.key);
    assert.equal(after.credentialsValid, true);
    assert.equal(after.syncStatus, 'done');
  });
});
