import * as assert from 'node:assert/strict';
import { Sandbox, SANDBOX_CREDENTIALS } from '../../../../src/core/sandbox/sandbox';
import { pick, seededRandom, type RandomSource } from '../../../../src/core/random/seededRandom';
import { portOf, rawRequest } from './rawHttp';
import { call, field } from './sandboxHttp';

const SEED = 20_260_301;
const REQUESTS = 300;

// Each route with the method it answers. `/_sandbox/faults` is left out: a random body there
// could ask for 500s (or hangs) on purpose.
const ROUTES: readonly [readonly [string, string], ...(readonly [string, string])[]] = [
  ['POST', '/link/token'],
  ['GET', '/api/system/connections'],
  ['GET', '/api/system/platforms'],
  ['POST', '/api/system/connections/{id}/token'],
  ['GET', '/api/integrations/current'],
  ['GET', '/_sandbox/state'],
  ['GET', '/_sandbox/deliveries'],
  ['POST', '/_sandbox/tokens/expire'],
  ['POST', '/_sandbox/connections/{id}/{action}'],
  ['PUT', '/_sandbox/connections/{id}/{action}'],
  ['GET', '/link/reauthorize/{id}'],
  ['POST', '/link/reauthorize/{id}'],
  ['GET', '/'],
  ['GET', '/api/'],
  ['POST', '/_sandbox/'],
];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'FOO'] as const;
const ACTIONS = [
  'status',
  'sync-status',
  'online',
  'sync',
  'rotate-credentials',
  'reauthorize',
  'events',
  'flow',
  'nope',
] as const;
const BAD_SEGMENTS = ['%', '%E0%A4%A', '%ZZ', '%C0%AF', '%00', '%FF%FE', '%2F..%2F', '..', '%E2%82'] as const;
const FIELDS = [
  'status',
  'sync_status',
  'online',
  'outcome',
  'event_types',
  'flow',
  'payload',
  'grant_type',
  'client_id',
  'client_secret',
  'nonce',
] as const;

/** A random text of printable ASCII, or any byte when `raw`. */
function text(random: RandomSource, max: number, raw = false): string {
  const length = Math.floor(random() * max);
  let out = '';
  for (let i = 0; i < length; i++)
    out += String.fromCharCode(raw ? Math.floor(random() * 256) : 33 + Math.floor(random() * 94));
  return out;
}

function value(random: RandomSource, depth = 0): unknown {
  const kind = Math.floor(random() * (depth > 1 ? 5 : 7));
  switch (kind) {
    case 0:
      return text(random, 12);
    case 1:
      return pick(random, [
        'Active',
        'done',
        'fail',
        'client_credentials',
        'sync.failed',
        '',
        SANDBOX_CREDENTIALS.clientId,
      ]);
    case 2:
      return Math.floor(random() * 2000) - 1000;
    case 3:
      return random() < 0.5;
    case 4:
      return null;
    case 5:
      return [value(random, depth + 1), value(random, depth + 1)];
    default:
      return Object.fromEntries(
        FIELDS.filter(() => random() < 0.3).map((f) => [f, value(random, depth + 1)]),
      );
  }
}

function body(random: RandomSource): Buffer {
  const kind = Math.floor(random() * 10);
  if (kind === 0) return Buffer.alloc(0);
  if (kind === 1) return Buffer.from(pick(random, ['{', '[]', 'null', '"x"', '{"a":1}}', '\u0000']));
  if (kind === 2) return Buffer.from(text(random, 200, true), 'latin1');
  if (kind === 3) return Buffer.from(`grant_type=client_credentials&client_id=${text(random, 10)}&nonce=%ZZ`);
  if (kind === 4 && random() < 0.1) return Buffer.alloc(1024 * 1024 + 10, '{');
  return Buffer.from(JSON.stringify(value(random, 2) ?? {}));
}

function segment(random: RandomSource, keys: readonly string[]): string {
  const kind = Math.floor(random() * 5);
  if (kind === 0) return pick(random, ['unknown', ...keys]);
  if (kind === 1) return pick(random, BAD_SEGMENTS);
  if (kind === 2) return encodeURIComponent(text(random, 30));
  if (kind === 3) return 'x'.repeat(Math.floor(random() * 5000));
  return keys[Math.floor(random() * keys.length)] ?? 'unknown';
}

/** A method and request target: mostly a route's own method, with random segments and queries. */
function request(random: RandomSource, keys: readonly string[]): [string, string] {
  if (random() < 0.03)
    return [pick(random, METHODS), `/api/${text(random, 20, true).replace(/[\r\n]/g, '')}`];
  const [own, template] = pick(random, ROUTES);
  const method = random() < 0.75 ? own : pick(random, METHODS);
  const path = template
    .replace('{id}', () => segment(random, keys))
    .replace('{action}', () => (random() < 0.8 ? pick(random, ACTIONS) : segment(random, keys)));
  if (random() < 0.7) return [method, path];
  const n = (): string =>
    pick(random, ['0', '-1', 'abc', '1e400', '2', '99999999999999999999', '%', '1.5', '']);
  return [method, `${path}?page=${n()}&per_page=${n()}`];
}

interface Tokens {
  readonly admin: string;
  readonly connection: string;
}

function headers(random: RandomSource, port: number, tokens: Tokens, length: number): string[] {
  const lines = [
    random() < 0.9
      ? `Host: ${pick(random, [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`])}`
      : `Host: ${pick(random, ['evil.example', '', '[::1', 'a:b:c'])}`,
    'connection: close',
  ];
  const auth = pick(random, [
    '',
    `Bearer ${tokens.admin}`,
    `Bearer ${tokens.connection}`,
    'Bearer ',
    'Bearer a.b.c',
    'Basic Zm9vOmJhcg==',
  ]);
  if (auth) lines.push(`authorization: ${auth}`);
  const type = pick(random, [
    'application/json',
    'application/x-www-form-urlencoded',
    'text/plain',
    'application/json; charset=utf-8',
    '',
  ]);
  if (type) lines.push(`content-type: ${type}`);
  if (random() < 0.03) lines.push(`x-big: ${'a'.repeat(20_000)}`);
  if (random() < 0.03) lines.push(`x-${text(random, 8)}: ${text(random, 30, true)}`);
  if (random() < 0.1) lines.push('content-length: 0');
  else lines.push(`content-length: ${length}`);
  return lines;
}

suite('sandbox fuzz', () => {
  let sandbox: Sandbox;
  let base: string;
  setup(async () => {
    sandbox = new Sandbox({
      seed: 9,
      timeouts: { headersMs: 2000, requestMs: 4000, keepAliveMs: 500, lingerMs: 200 },
    });
    base = await sandbox.start();
  });
  teardown(() => sandbox.stop());

  test(`${REQUESTS} seeded random requests get no 500, and the sandbox answers afterwards`, async function () {
    this.timeout(60_000);
    const random = seededRandom(SEED);
    const port = portOf(base);
    const keys = sandbox.state.connections().map((c) => c.key);
    const credentials = {
      grant_type: 'client_credentials',
      client_id: SANDBOX_CREDENTIALS.clientId,
      client_secret: SANDBOX_CREDENTIALS.clientSecret,
    };
    const admin = String(
      field((await call(base, 'POST', '/link/token', { body: credentials })).body, 'access_token'),
    );
    const issued = await call(base, 'POST', `/api/system/connections/${keys[0] ?? ''}/token`, {
      token: admin,
    });
    const tokens = { admin, connection: String(field(issued.body, 'data', 'token')) };
    const statuses = new Map<number, number>();
    for (let i = 0; i < REQUESTS; i++) {
      const [method, path] = request(random, keys);
      const payload = body(random);
      const head = [`${method} ${path} HTTP/1.1`, ...headers(random, port, tokens, payload.length)].join(
        '\r\n',
      );
      const answer = await rawRequest(
        port,
        Buffer.concat([Buffer.from(`${head}\r\n\r\n`, 'latin1'), payload]),
      );
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      const shown = `request ${i}: ${method} ${path.slice(0, 120)} -> ${answer.text.slice(0, 300)}`;
      assert.ok(answer.status >= 200 && answer.status < 600 && answer.status !== 500, shown);
    }
    assert.ok(statuses.size >= 8, `too few kinds of answer: ${JSON.stringify([...statuses])}`);
    const health = await call(base, 'GET', '/_sandbox/state');
    assert.equal(health.status, 200);
  });
});
