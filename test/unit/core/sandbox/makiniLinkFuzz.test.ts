import * as assert from 'node:assert/strict';
import { pick, seededRandom, type RandomSource } from '../../../../src/core/random/seededRandom';
import { Sandbox } from '../../../../src/core/sandbox/sandbox';
import { CLIENT, codeFor, openConsent, REDIRECT } from './linkFlow';
import { call, field } from './sandboxHttp';

suite('sandbox Makini Link fuzz', () => {
  let sandbox: Sandbox;
  let base: string;
  let acme: string;

  setup(async () => {
    sandbox = new Sandbox({ seed: 5 });
    base = await sandbox.start();
    acme = sandbox.state.connections().find((c) => c.name.startsWith('Acme'))?.key ?? '';
  });

  teardown(() => sandbox.stop());

  test('200 seeded random authorization requests, consent answers and grants get no 500', async () => {
    const random = seededRandom(1414);
    const keys = sandbox.state.connections().map((c) => c.key);
    const admin = await call(base, 'POST', '/link/token', {
      body: { grant_type: 'client_credentials', ...CLIENT },
    });
    const pool = {
      code: [await codeFor(base, acme), 'code_x', ''],
      refresh_token: [String(field(admin.body, 'refresh_token')), 'rt_x'],
      nonce: ['f'.repeat(32), ''],
    };
    const odd = ['token', 'javascript:x', 'http://[::1', '%ZZ', 'x'.repeat(3000), '', 'deny', ...keys];
    const oddValue = (r: RandomSource): string => pick(r, ['approve', ...odd, ...pool.code, ...pool.nonce]);
    /** A valid request of each kind, to mutate. */
    const baselines: readonly (() => Promise<[string, Record<string, string>]>)[] = [
      () =>
        Promise.resolve([
          'GET',
          { response_type: 'code', client_id: CLIENT.client_id, redirect_uri: REDIRECT, state: 's' },
        ]),
      async () => {
        const fresh = await openConsent(base, {
          response_type: 'code',
          client_id: CLIENT.client_id,
          redirect_uri: REDIRECT,
        });
        return [
          'POST /oauth/authorize',
          { nonce: fresh.nonce, decision: 'approve', connection: pick(random, [acme, ...keys]) },
        ];
      },
      () => Promise.resolve(['POST /link/token', { grant_type: 'client_credentials', ...CLIENT }]),
      () =>
        Promise.resolve([
          'POST /link/token',
          {
            grant_type: 'authorization_code',
            code: pick(random, [pool.code[0] ?? '', ...pool.code]),
            redirect_uri: REDIRECT,
            ...CLIENT,
          },
        ]),
      () =>
        Promise.resolve([
          'POST /link/token',
          {
            grant_type: 'refresh_token',
            refresh_token: pick(random, [pool.refresh_token[0] ?? '', ...pool.refresh_token]),
            ...CLIENT,
          },
        ]),
    ];
    const names = [
      'response_type',
      'client_id',
      'client_secret',
      'redirect_uri',
      'state',
      'connection',
      'grant_type',
      'code',
      'refresh_token',
      'nonce',
      'decision',
    ];
    const statuses = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const [route, valid] = await pick(random, baselines as [(typeof baselines)[number]])();
      const fields = new URLSearchParams(valid);
      for (const name of names) {
        const roll = random();
        if (roll < 0.1) fields.delete(name);
        else if (roll < 0.2) fields.set(name, oddValue(random));
      }
      const [method, path] =
        route === 'GET' ? ['GET', `/oauth/authorize?${fields.toString()}`] : route.split(' ');
      const json = random() < 0.2;
      const answer = await fetch(new URL(path ?? '/', base), {
        method,
        redirect: 'manual',
        ...(method === 'POST' ? { body: json ? JSON.stringify(Object.fromEntries(fields)) : fields } : {}),
      });
      const text = await answer.text();
      statuses.add(answer.status);
      if (answer.ok && path === '/link/token')
        pool.refresh_token.push(String(field(JSON.parse(text), 'refresh_token')));
      const code = new URL(answer.headers.get('location') ?? 'http://x/').searchParams.get('code');
      if (code) pool.code.push(code);
      assert.notEqual(
        answer.status,
        500,
        `${method} ${path?.slice(0, 200)} ${fields.toString().slice(0, 200)}: ${text}`,
      );
      assert.match(answer.headers.get('x-request-id') ?? '', /^req_/);
    }
    assert.deepEqual(
      [200, 303, 400, 401, 403, 422].filter((status) => !statuses.has(status)),
      [],
      `every kind of answer is met: ${[...statuses].join(', ')}`,
    );
  });
});
