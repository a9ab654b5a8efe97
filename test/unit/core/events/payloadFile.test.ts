import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildEvent } from '../../../../src/core/events/catalog';
import { PayloadFileError, validatePayloadFile } from '../../../../src/core/events/payloadFile';

suite('events/payloadFile', () => {
  let dir: string;
  suiteSetup(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'makini-payload-'));
  });
  suiteTeardown(() => fs.rmSync(dir, { recursive: true, force: true }));

  function write(name: string, text: string): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  }

  async function rejection(file: string): Promise<PayloadFileError> {
    try {
      await validatePayloadFile(file);
    } catch (error) {
      assert.ok(error instanceof PayloadFileError);
      return error;
    }
    assert.fail('expected a PayloadFileError');
  }

  test('accepts a whole envelope and the short {type, data} form', async () => {
    const event = buildEvent('sites.updated', { seed: 4 });
    const whole = await validatePayloadFile(write('whole.json', JSON.stringify(event)));
    assert.equal(whole.envelope === 'detailed' ? whole.id : undefined, event.id);
    const short = await validatePayloadFile(
      write('short.json', JSON.stringify({ type: event.type, data: event.data })),
    );
    assert.equal(short.type, 'sites.updated');
  });

  test('reports file, pointer and expectation for invalid data', async () => {
    const { data } = buildEvent('sync.completed', { seed: 1 });
    const file = write(
      'bad.json',
      JSON.stringify({ type: 'sync.completed', data: { ...data, mode: 'partial' } }),
    );
    const error = await rejection(file);
    assert.equal(error.code, 'invalid_payload');
    assert.deepEqual(
      error.issues.map((i) => [i.file, i.pointer]),
      [[file, '/data/mode']],
    );
    assert.match(
      error.message,
      /bad\.json: data\.mode: expected one of "full", "incremental", got "partial"$/m,
    );
  });

  test('reports an unknown type at /type', async () => {
    const error = await rejection(write('type.json', '{"type": "order.shipped", "data": {}}'));
    assert.equal(error.issues[0]?.pointer, '/type');
  });

  test('reports JSON syntax errors with a line and column', async () => {
    const error = await rejection(write('syntax.json', '{\n  "type": "sync.completed",\n  "data": {,}\n}'));
    assert.equal(error.code, 'invalid_json');
    assert.match(error.message, /line 3, column/);
  });

  test('reports an unreadable file', async () => {
    const error = await rejection(path.join(dir, 'missing.json'));
    assert.equal(error.code, 'unreadable');
  });
});
