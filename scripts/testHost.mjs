// Runs the in-host suite (out/test/integration/index.js) inside a real VS Code extension host
// (see lib/hostRun.mjs) and exits with its code. The receiver's default port and `npm start`'s are
// held taken for the whole run, so a test that assumes either fails here, not on a developer's
// machine where an editor already listens there.
// Usage: node scripts/testHost.mjs   (after `node esbuild.js --tests`)
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { HOST_NOISE, runInHost } from './lib/hostRun.mjs';
import { repoRoot } from './lib/paths.mjs';

const STATS_MARKER = 'MAKINI_HOST_TEST_STATS';
const SUITE_TIMEOUT_MS = Number(process.env.MAKINI_HOST_TIMEOUT_MS ?? 10 * 60_000);
/** The receiver's default port and `npm start`'s. */
const HELD_PORTS = [8787, 8080];

/**
 * Listens on 127.0.0.1:`port` and drops every connection. A port something else already holds
 * proves the same, so that is no failure. Resolves with the server, or undefined.
 */
function holdPort(port) {
  return new Promise((resolve, reject) => {
    const server = net.createServer((socket) => socket.destroy());
    server.once('error', (error) => {
      if (error.code !== 'EADDRINUSE') return reject(error);
      console.log(`[test] 127.0.0.1:${port} is already taken on this machine: no test may depend on it`);
      resolve(undefined);
    });
    server.listen(port, '127.0.0.1', () => {
      console.log(`[test] holding 127.0.0.1:${port} to prove no test depends on it`);
      resolve(server);
    });
  });
}

async function main() {
  const held = [];
  for (const port of HELD_PORTS) held.push(await holdPort(port));
  try {
    return await runSuite();
  } finally {
    for (const server of held) server?.close();
  }
}

async function runSuite() {
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
