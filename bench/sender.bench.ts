import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildEvent } from '../src/core/events/catalog';
import { WebhookSender } from '../src/core/sender/webhookSender';
import { makiniScheme } from '../src/core/signing/makiniScheme';
import { type BenchSection, comparedRow, interleavedRounds, median, roundsExtra } from './harness';
import { detailedWebhook } from '../src/core/events/envelope';

const CONCURRENCY = 32;
const ROUNDS = 5;
const DURATION_MS = 1500;

/** Runs `once` from `CONCURRENCY` workers for the duration; answers completions per second. */
async function perSecond(once: () => Promise<void>): Promise<number> {
  // Warm-up: sockets opened and code compiled before timing.
  await Promise.all(Array.from({ length: CONCURRENCY }, () => once()));
  let count = 0;
  const start = performance.now();
  const end = start + DURATION_MS;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        await once();
        count++;
      }
    }),
  );
  return count / ((performance.now() - start) / 1000);
}

/** The baseline: a bare keep-alive POST loop, no signing, no records. */
function plainPost(agent: http.Agent, url: URL, body: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', 'content-length': String(body.length) },
    });
    request.on('error', reject);
    request.on('response', (response) => {
      response.resume();
      response.on('end', () => resolve());
    });
    request.end(body);
  });
}

/**
 * Deliveries per second to a bare local node:http server, against a plain keep-alive loop. The
 * two run in interleaved rounds and their medians are compared, so machine noise hits both.
 */
export async function run(): Promise<BenchSection> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end());
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`);
  const event = buildEvent('sync.completed', { seed: 1 });
  const body = Buffer.from(JSON.stringify(event));
  const agent = new http.Agent({ keepAlive: true });
  const sender = new WebhookSender();
  try {
    const figures = await interleavedRounds(ROUNDS, {
      baseline: () => perSecond(() => plainPost(agent, url, body)),
      ours: () =>
        perSecond(async () => {
          const [delivery] = await sender.send({
            url: url.toString(),
            event: detailedWebhook(event),
            scheme: makiniScheme,
            secrets: ['bench'],
          });
          if (delivery?.status !== 'delivered') throw new Error('benchmark delivery failed');
        }),
    });
    return {
      area: 'sender',
      rows: [
        comparedRow(
          `signed deliveries, concurrency ${CONCURRENCY} (median of ${ROUNDS} interleaved rounds)`,
          median(figures.ours),
          'req/s',
          { name: 'plain keep-alive POST loop', value: median(figures.baseline) },
          0.5,
          roundsExtra(figures.ours, figures.baseline),
        ),
      ],
    };
  } finally {
    await sender.dispose();
    agent.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
