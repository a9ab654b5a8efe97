import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { seededRandom } from '../../../../src/core/random/seededRandom';
import { LogStore } from '../../../../src/core/logStore/logStore';
import { receiptKind } from '../../../../src/core/receiver/receiptRecord';
import { ReceiverServer } from '../../../../src/core/receiver/receiverServer';
import { startNode } from '../../../support/nodeProcess';
import { eventBody, signedHeaders } from './receiverFixture';

const CHILD_ENV = 'MAKINI_RECEIVER_KILL_CHILD';
const SECRET = 'kill-nine-secret';
const MAX_RECORDS = 1_000_000;
const CLIENTS = 32;
const KILLS = 5;

/** In the child: a receiver that logs to `dir`, until it is killed. */
async function receiveUntilKilled(dir: string): Promise<void> {
  const store = LogStore.open({ dir, kind: receiptKind, maxRecords: MAX_RECORDS });
  const receiver = new ReceiverServer({ settings: { secrets: [SECRET] }, store });
  const url = await receiver.start();
  fs.writeSync(1, `${url}\n`);
}

/** Posts signed webhooks with fresh ids from `clients` keep-alive connections until `stop()`. */
function load(url: string, round: number): { acked: string[]; stop: () => Promise<void> } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const acked: string[] = [];
  let running = true;
  let n = 0;
  const post = (): Promise<void> =>
    new Promise((resolve) => {
      const event = eventBody({ id: `evt_k${round}_${n++}` });
      const req = http.request(
        url,
        { method: 'POST', agent, headers: signedHeaders('makini', [SECRET], event.id, event.body) },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode === 200) acked.push(event.id);
            resolve();
          });
          res.on('error', () => resolve());
        },
      );
      req.on('error', () => {
        running = false;
        resolve();
      });
      req.end(event.body);
    });
  const clients = Array.from({ length: CLIENTS }, async () => {
    while (running) await post();
  });
  return {
    acked,
    stop: async () => {
      running = false;
      await Promise.all(clients);
      agent.destroy();
    },
  };
}

const childDir = process.env[CHILD_ENV];
if (childDir !== undefined) {
  void receiveUntilKilled(childDir);
} else {
  suite('receiver: acknowledged means written', () => {
    let dir: string;
    setup(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'makini-ack-'))));
    teardown(() => fs.rmSync(dir, { recursive: true, force: true }));

    test('every webhook answered 200 is in the log after five kill -9s under 32 clients', async function () {
      this.timeout(60_000);
      const random = seededRandom(20261201);
      const acked: string[] = [];
      for (let round = 0; round < KILLS; round++) {
        const child = startNode(__filename, [], { env: { [CHILD_ENV]: dir } });
        const run = load(await child.line(0), round);
        await new Promise((resolve) => setTimeout(resolve, 300 + Math.floor(random() * 500)));
        child.child.kill('SIGKILL');
        await child.exit();
        assert.equal(child.child.signalCode, 'SIGKILL');
        await run.stop();
        acked.push(...run.acked);
      }
      const store = LogStore.open({ dir, kind: receiptKind, maxRecords: MAX_RECORDS });
      try {
        const logged = new Set(store.query({ limit: MAX_RECORDS }).records.map((r) => r.eventId));
        const lost = acked.filter((id) => !logged.has(id));
        assert.ok(acked.length > 200, `only ${acked.length} webhooks were answered: the load did not run`);
        assert.deepEqual(
          lost.slice(0, 10),
          [],
          `${lost.length} of ${acked.length} acknowledged webhooks are not in the log`,
        );
      } finally {
        store.close();
      }
    });
  });
}
