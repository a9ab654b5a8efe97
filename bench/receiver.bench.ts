import autocannon from 'autocannon';
import { fork } from 'node:child_process';
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
import { type BenchRow, type BenchSection, comparedRow } from './harness';

/**
 * Throughput of the receiver (standard-webhooks verification, duplicate detection, receipts
 * written to disk) against a bare node:http server and a hand-written Express receiver. Each
 * server runs in its own process, so the load generator here does not share its event loop.
 */
const SERVER_ENV = 'MAKINI_BENCH_RECEIVER';
type ServerKind = 'receiver' | 'bare' | 'express';
const SECRET = newSecret('standard');

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
  return Number(new URL(await receiver.start()).port);
}

const serverKind = process.env[SERVER_ENV] as ServerKind | undefined;
if (serverKind !== undefined) {
  process.on('SIGTERM', () => process.exit(0)); // A normal exit, so --cpu-prof can write its profile.
  void serve(serverKind, process.env.MAKINI_BENCH_SECRET ?? '').then((port) => process.send?.({ port }));
}

interface Load {
  readonly rps: number;
  readonly p99: number;
  readonly non2xx: number;
}

async function load(kind: ServerKind, headers: Record<string, string>, body: string): Promise<Load> {
  const child = fork(__filename, [], {
    execArgv: process.env.MAKINI_BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${os.tmpdir()}`] : [],
    env: { ...process.env, [SERVER_ENV]: kind, MAKINI_BENCH_SECRET: SECRET },
  });
  try {
    const port = await new Promise<number>((resolve) =>
      child.once('message', (m: { port: number }) => resolve(m.port)),
    );
    const options = {
      url: `http://127.0.0.1:${port}/`,
      method: 'POST' as const,
      headers,
      body,
      connections: 32,
    };
    await autocannon({ ...options, duration: 1 }); // Warm-up: JIT and connection setup.
    const result = await autocannon({ ...options, duration: 3 });
    return { rps: result.requests.average, p99: result.latency.p99, non2xx: result.non2xx };
  } finally {
    child.kill();
  }
}

export async function run(): Promise<BenchSection> {
  const event = buildEvent('work_order.updated', { seed: 7 });
  const body = JSON.stringify(event);
  const signed = getScheme('standard').sign({
    id: event.id,
    timestamp: Math.floor(Date.now() / 1000),
    body: Buffer.from(body),
    secrets: [SECRET],
  });
  const headers = { 'content-type': 'application/json', ...signed };
  // Interleaved rounds, best of each: the machine is shared, and a busy spell should not land on
  // one contender only.
  const best: Record<ServerKind, Load | undefined> = {
    bare: undefined,
    express: undefined,
    receiver: undefined,
  };
  for (let round = 0; round < 3; round++) {
    for (const kind of ['bare', 'express', 'receiver'] as const) {
      const result = await load(kind, headers, body);
      if (!best[kind] || result.rps > (best[kind]?.rps ?? 0)) best[kind] = result;
    }
  }
  const { bare, express, receiver } = best as Record<ServerKind, Load>;
  const baseline = { name: 'bare node:http (reads the body, answers 200)', value: bare.rps };
  const rows: BenchRow[] = [
    comparedRow(
      'receiver: verify + catalog + duplicates + log on disk',
      receiver.rps,
      'req/s',
      baseline,
      0.8,
      {
        p99Ms: receiver.p99,
        non2xx: receiver.non2xx,
        bareP99Ms: bare.p99,
      },
    ),
    comparedRow('hand-written: express.raw + standardwebhooks verify', express.rps, 'req/s', baseline, 0, {
      p99Ms: express.p99,
      non2xx: express.non2xx,
    }),
  ];
  return { area: 'receiver', rows };
}
