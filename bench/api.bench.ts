import * as http from 'node:http';
import { MakiniClient } from '../src/core/api/makiniClient';
import { HealthMonitor } from '../src/core/health/healthMonitor';
import { Sandbox, SANDBOX_CREDENTIALS } from '../src/core/sandbox/sandbox';
import { comparedRow, type BenchRow, type BenchSection } from './harness';

const CONNECTIONS = 10_000;
const PER_PAGE = 100;
const ROUNDS = 5;

/** The baseline: a plain keep-alive loop over the same pages, parsing each body and nothing more. */
async function plainLoop(base: URL, token: string, agent: http.Agent): Promise<number> {
  let count = 0;
  for (let page = 1; ; page++) {
    const body = await new Promise<string>((resolve, reject) => {
      const url = new URL(`/api/system/connections?page=${page}&per_page=${PER_PAGE}`, base);
      http
        .get(url, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        })
        .on('error', reject);
    });
    const parsed = JSON.parse(body) as { data: unknown[]; links: { next: string | null } };
    count += parsed.data.length;
    if (parsed.links.next === null) return count;
  }
}

async function adminToken(base: string): Promise<string> {
  const answer = await fetch(new URL('/link/token', base), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: SANDBOX_CREDENTIALS.clientId,
      client_secret: SANDBOX_CREDENTIALS.clientSecret,
    }),
  });
  return ((await answer.json()) as { access_token: string }).access_token;
}

async function timed(fn: () => Promise<number>, expected: number): Promise<number> {
  const start = process.hrtime.bigint();
  const count = await fn();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (count !== expected) throw new Error(`listed ${count} connections, expected ${expected}`);
  return ms;
}

async function listingRow(): Promise<BenchRow> {
  const sandbox = new Sandbox({ connections: CONNECTIONS, seed: 1 });
  const url = await sandbox.start();
  const agent = new http.Agent({ keepAlive: true });
  const client = new MakiniClient({ baseUrl: url, ...SANDBOX_CREDENTIALS, perPage: PER_PAGE });
  try {
    const token = await adminToken(url);
    await client.listConnections(); // Warm-up: token cached, sockets open, code paths compiled.
    await plainLoop(new URL(url), token, agent);
    let bestClient = Infinity;
    let bestPlain = Infinity;
    // Interleaved rounds, best of each, so machine noise hits both sides alike.
    for (let round = 0; round < ROUNDS; round++) {
      bestPlain = Math.min(bestPlain, await timed(() => plainLoop(new URL(url), token, agent), CONNECTIONS));
      bestClient = Math.min(
        bestClient,
        await timed(async () => (await client.listConnections()).length, CONNECTIONS),
      );
    }
    const pages = CONNECTIONS / PER_PAGE;
    return comparedRow(
      `list ${CONNECTIONS.toLocaleString('en-US')} connections (${PER_PAGE}/page) through the client`,
      (pages * 1000) / bestClient,
      'pages/s',
      { name: 'plain keep-alive request loop', value: (pages * 1000) / bestPlain },
      1 / 1.5,
      {
        client_ms: Math.round(bestClient),
        plain_ms: Math.round(bestPlain),
        goal_words: 'client within 1.5x of plain',
      },
    );
  } finally {
    client.dispose();
    agent.destroy();
    await sandbox.stop();
  }
}

async function healthPollRow(): Promise<BenchRow> {
  const sandbox = new Sandbox({ connections: 1000, seed: 2 });
  const url = await sandbox.start();
  let requests = 0;
  sandbox.onEvent((e) => {
    if (e.type === 'request') requests++;
  });
  const client = new MakiniClient({ baseUrl: url, ...SANDBOX_CREDENTIALS, perPage: PER_PAGE });
  const monitor = new HealthMonitor(client, { concurrency: 8 });
  try {
    const start = process.hrtime.bigint();
    await monitor.pollOnce();
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const judged = monitor.snapshot().length;
    if (judged !== 1000) throw new Error(`judged ${judged} connections, expected 1000`);
    return {
      name: 'one full health poll of 1,000 connections, concurrency 8 (cold tokens)',
      value: Math.round(ms),
      unit: 'ms',
      extra: { requests, requests_per_s: Math.round((requests * 1000) / ms) },
    };
  } finally {
    await monitor.stop();
    client.dispose();
    await sandbox.stop();
  }
}

export async function run(): Promise<BenchSection> {
  return { area: 'api', rows: [await listingRow(), await healthPollRow()] };
}
