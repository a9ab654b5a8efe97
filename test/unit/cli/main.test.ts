import * as assert from 'node:assert/strict';
import { type CliResult, runCli as runCliWith } from '../../support/cli';
import { packageVersion } from '../../support/repo';

const version = packageVersion();

function runCli(...args: string[]): Promise<CliResult> {
  return runCliWith(args);
}

suite('cli', () => {
  test('--version prints the package version', async () => {
    const result = await runCli('--version');
    assert.equal(result.code, 0);
    assert.equal(result.stdout, `${version}\n`);
  });

  test('--help prints usage listing the commands, exit 0', async () => {
    const result = await runCli('--help');
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^Usage: makini-devtools <command>/m);
    assert.match(result.stdout, /^ {2}version +Print the version$/m);
    assert.match(result.stdout, /^ {2}trigger +\S/m);
  });

  test('without a command prints the usage on stderr and exits 2', async () => {
    const result = await runCli();
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^Usage: makini-devtools <command>/m);
  });

  test('an unknown command exits 2 and names it', async () => {
    const result = await runCli('frobnicate');
    assert.equal(result.code, 2);
    assert.match(result.stderr, /unknown command 'frobnicate'/);
  });

  test('a command given stray arguments exits 2 with its usage', async () => {
    const result = await runCli('version', 'extra');
    assert.equal(result.code, 2);
    assert.match(result.stderr, /takes no arguments, got 'extra'/);
    assert.match(result.stderr, /Usage: makini-devtools version/);
  });
});
