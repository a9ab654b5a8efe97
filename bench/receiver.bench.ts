import autocannon from 'autocannon';
import { type ChildProcess, fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import express from 'express';
import { Webhook } from 'standardwebhooks';
import { buildEvent } from '../src/core/events/catalog';
import { LogStore } from '../src/core/logStore/logStore';
import { receiptKind } from '../src/core/receiver/receiptRecord';
import { ReceiverServer } from '../src/core/receiver/receiverServer';
import { getScheme, newSecret } from '../src/core/signing/schemes';
import { type BenchRow, type BenchSection, comparedRow, roundsExtra } from './harness';

/**
 * Throughput of the receiver (standard-webhooks verification, duplicate detection, receipts
 * written to disk) against a bare node:http server and a hand-written Express receiver, all sent
 * the same requests, each with an event id of its own. Each server runs in its own process, so
 * the load generator here does not share its event loop; the receiver's process reports what it
 * made of the requests, and the run fails unless every one was taken as new and verified.
 */
const SERVER_ENV = 'MAKINI_BENCH_RECEIVER';
type ServerKind = 'receiver' | 'bare' | 'express';
const SECRET = newSecret('standard');
const ROUNDS = 3;
/** Distinct signed requests per round: more than the fastest contender sends in its four seconds. */
const POOL = 120_000;

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function serve(kind: ServerKind, secret: string): Promise<number> {
  if (kind === 'bare') {
    return listen(
      http.createServer((req, res) => {
        req.on('data', () => undefined);
        req.on('end', () =>
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}'),
        );
      }),
    );
  }
  if (kind === 'express') {
    const app = express();
    const webhook = new Webhook(secret);
    app.post('/', express.raw({ type: 'application/json' }), (req, res) => {
      try {
        webhook.verify(req.body as Buffer, req.headers as Record<string, string>);
        res.json({ received: true });
      } catch {
        res.status(401).json({ error: 'invalid signature' });
      }
    });
    return listen(http.createServer(app));
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'makini-bench-receiver-'));
  const store = LogStore.open({ dir, kind: receiptKind });
  const receiver = new ReceiverServer({ settings: { scheme: 'standard', secrets: [secret] }, store });
  receiver.onStored(({ receipt }) => {
    // Status 0: the load generator hung up mid-request when its run ended; nothing was answered.
    if (receipt.status === 0) tally.aborted++;
    else if (receipt.status !== 200) tally.non200++;
    else if (receipt.duplicate) tally.duplicates++;
    else if (!receipt.verified) tally.unverified++;
    else tally.taken++;
  });
  return Number(new URL(await receiver.start()).port);
}

/** What the receiver made of the requests it got, reported to the load generator at the end. */
interface Tally {
  /** Answered 200, verified and new. */
  taken: number;
  duplicates: number;
  unverified: number;
  non200: number;
  aborted: number;
}
const tally: Tally = { taken: 0, duplicates: 0, unverified: 0, non200: 0, aborted: 0 };

const serverKind = process.env[SERVER_ENV] as ServerKind | undefined;
if (serverKind !== undefined) {
  process.on('SIGTERM', () => process.exit(0)); // A normal exit, so --cpu-prof can write its profile.
  process.on('message', () => process.send?.({ tally }));
  void serve(serverKind, process.env.MAKINI_BENCH_SECRET ?? '').then((port) => process.send?.({ port }));
}

interface Load {
  readonly rps: number;
  readonly p99: number;
  readonly non2xx: number;
  /** 2xx answers the load generator counted, warm-up included. */
  readonly answered: number;
  readonly tally: Tally;
}

interface SignedRequest {
  readonly headers: Record<string, string>;
  readonly body: string;
}

/**
 * Signed requests that each carry their own event id, as real traffic does, so the receiver's
 * duplicate map grows with every request. They are signed before timing starts: signing in the
 * load generator would take CPU from the servers on a small machine and flatten the ratios.
 * A fresh timestamp per round keeps them inside the five-minute tolerance.
 */
function signedRequests(count: number): SignedRequest[] {
  const event = buildEvent('work_orders.updated', { seed: 7 });
  const timestamp = Math.floor(Date.now() / 1000);
  const scheme = getScheme('standard');
  return Array.from({ length: count }, (_, i) => {
    const id = `evt_bench${i.toString(36).padStart(19, '0')}`;
    const body = JSON.stringify({ ...event, id });
    const signed = scheme.sign({ id, timestamp, body: Buffer.from(body), secrets: [SECRET] });
    return { headers: { 'content-type': 'application/json', ...signed }, body };
  });
}

async function tallyOf(child: ChildProcess): Promise<Tally> {
  const answer = new Promise<Tally>((resolve) =>
    child.once('message', (m: { tally: Tally }) => resolve(m.tally)),
  );
  child.send('tally');
  return answer;
}

async function load(kind: ServerKind, pool: readonly SignedRequest[]): Promise<Load> {
  const child = fork(__filename, [], {
    execArgv: process.env.MAKINI_BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${os.tmpdir()}`] : [],
    env: { ...process.env, [SERVER_ENV]: kind, MAKINI_BENCH_SECRET: SECRET },
  });
  try {
    const port = await new Promise<number>((resolve) =>
      child.once('message', (m: { port: number }) => resolve(m.port)),
    );
    let sent = 0;
    const next = (request: autocannon.Request): autocannon.Request => {
      // Past the end of the pool ids would repeat: the receiver's tally then shows duplicates.
      const signed = pool[sent++ % pool.length] ?? pool[0];
      return { ...request, headers: signed?.headers, body: signed?.body };
    };
    const options = {
      url: `http://127.0.0.1:${port}/`,
      method: 'POST' as const,
      requests: [{ setupRequest: next }],
      connections: 32,
    };
    const warm = await autocannon({ ...options, duration: 1 }); // Warm-up: JIT and connection setup.
    const result = await autocannon({ ...options, duration: 3 });
    return {
      rps: result.requests.average,
      p99: result.latency.p99,
      non2xx: warm.non2xx + result.non2xx,
      answered: warm['2xx'] + result['2xx'],
      tally: await tallyOf(child),
    };
  } finally {
    child.kill();
  }
}

/** The receiver must take every request as new and verified, or it measured the wrong path. */
function checkReceiver(result: Load): void {
  const { tally: t } = result;
  if (
    t.duplicates > 0 ||
    t.unverified > 0 ||
    t.non200 > 0 ||
    result.non2xx > 0 ||
    t.taken < result.answered
  ) {
    const figures = JSON.stringify({ answered: result.answered, non2xx: result.non2xx, ...t });
    throw new Error(`The receiver did not take every request as a new verified webhook: ${figures}`);
  }
}

export async function run(): Promise<BenchSection> {
  // Interleaved rounds, median of each: the machine is shared, and a busy spell should not land on
  // one contender only.
  const rounds: Record<ServerKind, Load[]> = { bare: [], express: [], receiver: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const pool = signedRequests(POOL);
    for (const kind of ['bare', 'express', 'receiver'] as const) rounds[kind].push(await load(kind, pool));
  }
  rounds.receiver.forEach(checkReceiver);
  const [bare, express, receiver] = (['bare', 'express', 'receiver'] as const).map((kind) =>
    medianLoad(rounds[kind]),
  ) as [Load, Load, Load];
  const baseline = { name: 'bare node:http (reads the body, answers 200)', value: bare.rps };
  const rows: BenchRow[] = [
    comparedRow(
      'receiver: verify + catalog + duplicates (a new event id per request) + log on disk',
      receiver.rps,
      'req/s',
      baseline,
      0.8,
      {
        p99Ms: receiver.p99,
        non2xx: receiver.non2xx,
        bareP99Ms: bare.p99,
        duplicates_flagged: receiver.tally.duplicates,
        new_ids_taken: receiver.tally.taken,
        ...roundsExtra(
          rounds.receiver.map((r) => r.rps),
          rounds.bare.map((r) => r.rps),
        ),
      },
    ),
    comparedRow('hand-written: express.raw + standardwebhooks verify', express.rps, 'req/s', baseline, 0, {
      p99Ms: express.p99,
      non2xx: express.non2xx,
      ...roundsExtra(
        rounds.express.map((r) => r.rps),
        rounds.bare.map((r) => r.rps),
      ),
    }),
  ];
  return { area: 'receiver', rows };
}

/** The round with the median throughput (its latency and tally come with it). */
function medianLoad(loads: readonly Load[]): Load {
  const sorted = [...loads].sort((a, b) => a.rps - b.rps);
  const middle = sorted[Math.floor(sorted.length / 2)];
  if (!middle) throw new Error('no rounds were run');
  return middle;
}
