// Runs the in-host suite (out/test/integration/index.js) inside a real VS Code extension host
// (see lib/hostRun.mjs) and exits with its code.
// Usage: node scripts/testHost.mjs   (after `node esbuild.js --tests`)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HOST_NOISE, runInHost } from './lib/hostRun.mjs';
import { repoRoot } from './lib/paths.mjs';

const STATS_MARKER = 'MAKINI_HOST_TEST_STATS';
const SUITE_TIMEOUT_MS = Number(process.env.MAKINI_HOST_TIMEOUT_MS ?? 10 * 60_000);

async function main() {
  let stats;
  const code = await runInHost({
    suite: path.join(repoRoot, 'out', 'test', 'integration', 'index.js'),
    extensionDevelopmentPaths: [repoRoot],
    // A free port for the receiver, so a run never collides with a developer's own on 8787.
    settings: { 'makini.receiver.port': 0 },
    timeoutMs: SUITE_TIMEOUT_MS,
    label: 'test',
    onLine: (line, type) => {
      if (line.startsWith(STATS_MARKER)) stats = JSON.parse(line.slice(STATS_MARKER.length));
      if (HOST_NOISE.some((pattern) => pattern.test(line))) return;
      (type === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
    },
  });
  const statsFile = process.env.MAKINI_TEST_STATS_FILE;
  if (statsFile && stats) fs.writeFileSync(statsFile, JSON.stringify(stats));
  return code;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[host] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
