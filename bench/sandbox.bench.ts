import { spawn } from 'node:child_process';
import * as http from 'node:http';
import { Sandbox, SANDBOX_CREDENTIALS } from '../src/core/sandbox/sandbox';
import { EAM_COLLECTIONS } from '../src/core/sandbox/openapi/eamCatalog';
import { DEFAULT_RECORDS } from '../src/core/sandbox/openapi/sandboxData';
import { type BenchRow, type BenchSection, comparedRow, interleavedRounds, roundsExtra } from './harness';

const CONNECTIONS = 5;
const PER_PAGE = 100;
/** Requests per timed round of each page kind. */
const REQUESTS = 200;
const ROUNDS = 5;
/** The resident memory the sandbox should stay under with its default data. */
const RSS_GOAL_MIB = 150;
/** Set in the child process that measures the sandbox's memory alone. */
const CHILD = 'MAKINI_BENCH_SANDBOX_RSS';

interface Session {
  readonly base: URL;
  readonly admin: string;
  readonly connectionKey: string;
  readonly connectionToken: string;
  readonly agent: http.Agent;
}

async function post(base: URL, path: string, body: unknown, token?: string): Promise<unknown> {
  const answer = await fetch(new URL(path, base), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!answer.ok) throw new Error(`POST ${path} answered ${answer.status}: ${await answer.text()}`);
  return answer.json();
}

/** One GET over a keep-alive agent; resolves to the body's length, failing on a non-200. */
function get(session: Session, path: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(
        new URL(path, session.base),
        { agent: session.agent, headers: { authorization: `Bearer ${token}` } },
        (res) => {
          let bytes = 0;
          res.on('data', (chunk: Buffer) => (bytes += chunk.length));
          res.on('end', () =>
            res.statusCode === 200 ? resolve(bytes) : reject(new Error(`GET ${path}: ${res.statusCode}`)),
          );
        },
      )
      .on('error', reject);
  });
}

async function session(url: string): Promise<Session> {
  const base = new URL(url);
  const { access_token: admin } = (await post(base, '/link/token', {
    grant_type: 'client_credentials',
    client_id: SANDBOX_CREDENTIALS.clientId,
    client_secret: SANDBOX_CREDENTIALS.clientSecret,
  })) as { access_token: string };
  const list = await fetch(new URL('/api/system/connections?per_page=1', base), {
    headers: { authorization: `Bearer ${admin}` },
  });
  const connectionKey = ((await list.json()) as { data: { key: string }[] }).data[0]?.key ?? '';
  const { data } = (await post(base, `/api/system/connections/${connectionKey}/token`, {}, admin)) as {
    data: { token: string };
  };
  return {
    base,
    admin,
    connectionKey,
    connectionToken: data.token,
    agent: new http.Agent({ keepAlive: true }),
  };
}

/** MiB of answer per second over `REQUESTS` GETs of `path`, one at a time. */
async function rate(s: Session, path: string, token: string): Promise<number> {
  const start = process.hrtime.bigint();
  let bytes = 0;
  for (let i = 0; i < REQUESTS; i++) bytes += await get(s, `${path}&page=${(i % 3) + 1}`, token);
  return (bytes / 2 ** 20) * (1e9 / Number(process.hrtime.bigint() - start));
}

async function pageRow(): Promise<BenchRow> {
  const sandbox = new Sandbox({ connections: 300, seed: 1 });
  const s = await session(await sandbox.start());
  try {
    const workOrders = `/api/eam/work-orders?per_page=${PER_PAGE}`;
    const connections = `/api/system/connections?per_page=${PER_PAGE}`;
    await rate(s, workOrders, s.connectionToken); // Warm-up: documents loaded, validators compiled.
    await rate(s, connections, s.admin);
    const { value: values, baseline } = await interleavedRounds(ROUNDS, {
      value: () => rate(s, workOrders, s.connectionToken),
      baseline: () => rate(s, connections, s.admin),
    });
    const best = Math.max(...values);
    const bestBaseline = Math.max(...baseline);
    // A work order is about five times a connection's size, so the two compare per byte served.
    const woBytes = await get(s, `${workOrders}&page=1`, s.connectionToken);
    const connectionBytes = await get(s, `${connections}&page=1`, s.admin);
    return comparedRow(
      `pages of ${PER_PAGE} work orders, generated from WorkOrder as they are asked for`,
      best,
      'MiB/s',
      { name: `pages of ${PER_PAGE} connections`, value: bestBaseline },
      0.2,
      {
        ...roundsExtra(values, baseline),
        work_order_page_bytes: woBytes,
        connection_page_bytes: connectionBytes,
        work_order_pages_per_s: Math.round((best * 2 ** 20) / woBytes),
      },
    );
  } finally {
    s.agent.destroy();
    await sandbox.stop();
  }
}

/**
 * Time from `new Sandbox` to its first work order answered, in ms: the data's set-up cost, with
 * one record asked for so that the page's own size does not count.
 */
async function startUp(records: number): Promise<number> {
  const start = process.hrtime.bigint();
  const sandbox = new Sandbox({ connections: CONNECTIONS, seed: 2, records });
  const s = await session(await sandbox.start());
  await get(s, '/api/eam/work-orders?per_page=1&page=1', s.connectionToken);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  s.agent.destroy();
  await sandbox.stop();
  return ms;
}

async function startUpRow(): Promise<BenchRow> {
  await startUp(1); // Warm-up: the documents' module is loaded once per process.
  const { value: values, baseline } = await interleavedRounds(ROUNDS, {
    value: () => startUp(DEFAULT_RECORDS),
    baseline: () => startUp(1),
  });
  const ms = Math.min(...values);
  const empty = Math.min(...baseline);
  const ratio = empty / ms;
  return {
    name: `start-up to the first work order, ${CONNECTIONS} connections × ${DEFAULT_RECORDS} records`,
    value: ms,
    unit: 'ms',
    baseline: { name: 'the same with 1 record per collection (an empty sandbox)', value: empty },
    ratio,
    goal: 'ratio >= 0.5',
    met: ratio >= 0.5,
    extra: roundsExtra(values, baseline),
  };
}

/**
 * In a child process of its own: a sandbox of 5 connections × the default records, every page of
 * every list read once, then its resident memory. Prints `{"rssMiB", "records", "baseMiB"}`.
 */
async function childMain(): Promise<void> {
  const baseMiB = process.memoryUsage().rss / 2 ** 20;
  const sandbox = new Sandbox({ connections: CONNECTIONS, seed: 3, records: DEFAULT_RECORDS });
  const url = await sandbox.start();
  const base = new URL(url);
  const { access_token: admin } = (await post(base, '/link/token', {
    grant_type: 'client_credentials',
    client_id: SANDBOX_CREDENTIALS.clientId,
    client_secret: SANDBOX_CREDENTIALS.clientSecret,
  })) as { access_token: string };
  const connections = (await (
    await fetch(new URL('/api/system/connections?per_page=100', base), {
      headers: { authorization: `Bearer ${admin}` },
    })
  ).json()) as { data: { key: string }[] };
  const listPaths = EAM_COLLECTIONS.filter((c) => !c.name.includes('.')).map((c) => `/api/eam/${c.name}`);
  let records = 0;
  for (const { key } of connections.data) {
    const { data } = (await post(base, `/api/system/connections/${key}/token`, {}, admin)) as {
      data: { token: string };
    };
    for (const path of listPaths) {
      for (let page = 1; ; page++) {
        const answer = await fetch(new URL(`${path}?per_page=${PER_PAGE}&page=${page}`, base), {
          headers: { authorization: `Bearer ${data.token}` },
        });
        const body = (await answer.json()) as { data?: unknown[]; links?: { next?: string | null } };
        records += body.data?.length ?? 0;
        if (!answer.ok || !body.links?.next) break;
      }
    }
  }
  const rssMiB = process.memoryUsage().rss / 2 ** 20;
  await sandbox.stop();
  process.stdout.write(`${JSON.stringify({ rssMiB, baseMiB, records })}\n`);
}

async function rssRow(): Promise<BenchRow> {
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [__filename], { env: { ...process.env, [CHILD]: '1' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`the RSS child exited ${code}: ${err}`)),
    );
  });
  const { rssMiB, baseMiB, records } = JSON.parse(output.trim()) as {
    rssMiB: number;
    baseMiB: number;
    records: number;
  };
  return {
    name: `sandbox resident memory, ${CONNECTIONS} connections × ${DEFAULT_RECORDS} records, every list page read`,
    value: Number(rssMiB.toFixed(1)),
    unit: 'MiB',
    goal: `< ${RSS_GOAL_MIB} MiB`,
    met: rssMiB < RSS_GOAL_MIB,
    extra: { node_alone_mib: Number(baseMiB.toFixed(1)), records_read: records },
  };
}

export async function run(): Promise<BenchSection> {
  return { area: 'sandbox', rows: [await pageRow(), await startUpRow(), await rssRow()] };
}

if (process.env[CHILD] === '1') {
  childMain().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
