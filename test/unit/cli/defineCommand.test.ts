import * as assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { type CliIo, UsageError } from '../../../src/cli/cliCommand';
import { defineCommand } from '../../../src/cli/defineCommand';
import { booleanFlags, stringFlags } from '../../../src/cli/parseOptions';

class FlagsAskedTooMuch extends Error {}

const io: CliIo = {
  stdout: new Writable({ write: (_chunk, _encoding, done) => done() }),
  stderr: new Writable({ write: (_chunk, _encoding, done) => done() }),
  env: {},
};

/** A command that hands back what it was given, or throws `failure`. */
function probe(failure?: Error) {
  const seen: { values: Record<string, unknown>; positionals: string[] }[] = [];
  const command = defineCommand({
    name: 'probe',
    summary: 'A test command',
    usage: ['makini-devtools probe <thing> [--to URL] [--json]', 'A second line.'],
    options: { ...stringFlags('to'), ...booleanFlags('json') },
    flags: { to: ['URL', 'where to (required)'], json: ['', 'JSON lines (default: text)'] },
    notes: ['A note.'],
    positionals: 1,
    usageErrors: [FlagsAskedTooMuch],
    prepare: (parsed) => parsed,
    run({ values, positionals }) {
      seen.push({ values: { ...values }, positionals });
      if (failure) throw failure;
      return 3;
    },
  });
  return { command, seen };
}

suite('cli defineCommand', () => {
  test('the usage lines are joined; run gets the parsed flags and resolves to its exit code', async () => {
    const { command, seen } = probe();
    assert.equal(command.usage, 'makini-devtools probe <thing> [--to URL] [--json]\nA second line.');
    assert.equal(await command.run(['thing', '--to', 'http://x/', '--json'], io), 3);
    assert.deepEqual(seen, [{ values: { to: 'http://x/', json: true }, positionals: ['thing'] }]);
  });

  test('an unknown flag, a missing value or an extra argument is wrong usage, and run is not called', async () => {
    const { command, seen } = probe();
    await assert.rejects(
      command.run(['--bogus'], io),
      (e) => e instanceof UsageError && /--bogus/.test(e.message),
    );
    await assert.rejects(command.run(['--to'], io), UsageError);
    await assert.rejects(
      command.run(['one', 'two'], io),
      (e) => e instanceof UsageError && e.message === 'unexpected argument: two',
    );
    assert.deepEqual(seen, []);
  });

  test('an error of a usageErrors class becomes wrong usage with its message, the original as cause', async () => {
    const original = new FlagsAskedTooMuch('--to asks for too much.');
    await assert.rejects(probe(original).command.run([], io), (e) => {
      assert.ok(e instanceof UsageError);
      assert.equal(e.message, '--to asks for too much.');
      assert.equal(e.cause, original);
      return true;
    });
  });

  test('--help text: the synopsis, every flag with its value and default, then the notes', () => {
    assert.equal(
      probe().command.help,
      [
        'A test command',
        '',
        'Usage: makini-devtools probe <thing> [--to URL] [--json]',
        'A second line.',
        '',
        'Options:',
        '  --to URL  where to (required)',
        '  --json    JSON lines (default: text)',
        '',
        'A note.',
        '',
      ].join('\n'),
    );
  });

  test('wrong usage found in prepare stops the command before run, with nothing written', async () => {
    let ran = false;
    const written: string[] = [];
    const sink = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        written.push(chunk.toString());
        done();
      },
    });
    const command = defineCommand({
      name: 'probe',
      summary: 'A test command',
      usage: ['makini-devtools probe --to URL'],
      options: stringFlags('to'),
      flags: { to: ['URL', 'where to (required)'] },
      usageErrors: [FlagsAskedTooMuch],
      prepare: ({ values }, env) => {
        if (values.to !== env.ALLOWED) throw new FlagsAskedTooMuch(`--to ${values.to} is not allowed.`);
        return values.to;
      },
      run: () => {
        ran = true;
        return 0;
      },
    });
    const quiet = { stdout: sink, stderr: sink, env: { ALLOWED: 'http://a/' } };
    await assert.rejects(command.run(['--to', 'http://b/'], quiet), UsageError);
    assert.equal(ran, false);
    assert.deepEqual(written, []);
    assert.equal(await command.run(['--to', 'http://a/'], quiet), 0);
    assert.equal(ran, true);
  });

  test('any other error passes through as it is (the CLI shows it and exits 1)', async () => {
    const other = new Error('the disk is full');
    await assert.rejects(probe(other).command.run([], io), (e) => e === other);
  });
});
