import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LogStore } from '../../../src/core/logStore/logStore';
import { receiptKind } from '../../../src/core/receiver/receiptRecord';
import { eventBody, postSigned, startReceiver, stopReceivers } from '../core/receiver/receiverFixture';
import { type CliResult, runCli } from '../../support/cli';

const SECRET = 'replay-secret-71c2';

function replay(...args: string[]): Promise<CliResult> {
  return runCli(['replay', ...args]);
}

suite('cli replay', () => {
  let dir: string;

  setup(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'makini-replay-'));
  });

  teardown(async () => {
    await stopReceivers();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('re-sends a received event with the same id, freshly signed, and logs the delivery', async () => {
    // Record a receipt the way `listen --log-dir` does.
    const store = LogStore.open({ dir, kind: receiptKind });
    const recording = await startReceiver({ settings: { secrets: [SECRET] }, store });
    const event = eventBody();
    await postSigned(recording.url, 'makini', [SECRET], event);
    store.close();
    const receiptId = recording.receipts[0]?.id ?? '';

    const target = await startReceiver({
      settings: { scheme: 'standard', secrets: ['whsec_cmVwbGF5LXRhcmdldA=='] },
    });
    const result = await replay(
      receiptId,
      '--log-dir',
      dir,
      '--to',
      target.url,
      '--scheme',
      'standard',
      '--secret',
      'whsec_cmVwbGF5LXRhcmdldA==',
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`^Replaying sync\\.completed ${event.id} to `));
    assert.match(result.stdout, /attempt 1: 200 OK/);
    assert.equal(target.receipts[0]?.eventId, event.id);
    assert.equal(target.receipts[0]?.verified, true);

    const deliveryId = /delivery (dlv_\w+)/.exec(result.stdout)?.[1] ?? '';
    const again = await replay(
      deliveryId,
      '--log-dir',
      dir,
      '--to',
      target.url,
      '--json',
      '--scheme',
      'standard',
      '--secret',
      'whsec_cmVwbGF5LXRhcmdldA==',
    );
    assert.equal(again.code, 0, again.stderr);
    const lines = again.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      lines.map((l) => l.event),
      ['attempt', 'result'],
    );
    assert.equal(lines[1]?.delivered, true);
    assert.equal(target.receipts[1]?.duplicate, true);

    const onDisk = fs
      .readdirSync(dir)
      .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
      .join('');
    for (const text of [onDisk, result.stdout, result.stderr, again.stdout]) {
      assert.ok(!text.includes(SECRET) && !text.includes('whsec_cmVwbGF5LXRhcmdldA=='));
    }
  });

  test('an unknown id exits 1 and says where it looked', async () => {
    const result = await replay(
      'rcpt_nope',
      '--log-dir',
      dir,
      '--to',
      'http://127.0.0.1:9/',
      '--secret',
      SECRET,
    );
    assert.equal(result.code, 1);
    assert.match(result.stderr, /No receipt or delivery with id 'rcpt_nope'/);
  });

  test('missing flags exit 2', async () => {
    assert.equal((await replay('rcpt_x', '--to', 'http://127.0.0.1:9/', '--secret', SECRET)).code, 2);
    assert.equal((await replay('rcpt_x', '--log-dir', dir, '--secret', SECRET)).code, 2);
    const noSecret = await replay('rcpt_x', '--log-dir', dir, '--to', 'http://127.0.0.1:9/');
    assert.equal(noSecret.code, 2);
    assert.match(noSecret.stderr, /no signing secret/);
  });
});
