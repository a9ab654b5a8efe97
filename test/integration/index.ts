import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { settingsGuard } from './support/settingsGuard';

/** The marker line the launchers read to add this tier's totals to `npm test`'s summary. */
export const STATS_MARKER = 'MAKINI_HOST_TEST_STATS';

/**
 * Entry point of the in-host suite, called by the extension host (through either launcher). Runs
 * every `*.test.js` beside this file and rejects when any test fails or leaves a setting changed.
 */
export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30_000, rootHooks: settingsGuard() });
  const grep = process.env.MAKINI_TEST_GREP;
  if (grep) mocha.grep(grep);
  for (const file of fs.readdirSync(__dirname, { recursive: true, encoding: 'utf8' })) {
    if (file.endsWith('.test.js')) mocha.addFile(path.join(__dirname, file));
  }
  await mocha.loadFilesAsync();
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run(resolve);
    runner.once('end', () => {
      const { passes = 0, failures: failed = 0, pending = 0 } = runner.stats ?? {};
      console.log(`${STATS_MARKER} ${JSON.stringify({ passes, failures: failed, pending })}`);
    });
  });
  if (failures > 0) throw new Error(`${failures} in-host test(s) failed.`);
}
