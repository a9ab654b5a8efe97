// Runs the in-host suite (out/test/integration/index.js) inside a real VS Code extension host:
// code-server serves the editor, headless Chromium opens it with the extension under development
// and the suite, and the host reports its console and exit code back through the page.
// Usage: node scripts/testHost.mjs   (after `node esbuild.js --tests`)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import { editorUrl, launchBrowser } from './lib/browser.mjs';
import { freePort, prepareRunDir, startCodeServer } from './lib/codeServer.mjs';
import { cacheDir, repoRoot } from './lib/paths.mjs';
import { ensureHost } from './lib/setup.mjs';

const STATS_MARKER = 'MAKINI_HOST_TEST_STATS';
/** Console lines of the offline editor that say nothing about the extension. */
const NOISE = [/ENOTFOUND open-vsx\.org/, /authentication provider 'github'/, /^\[AccountPolicyGate\]/];
const SUITE_TIMEOUT_MS = Number(process.env.MAKINI_HOST_TIMEOUT_MS ?? 10 * 60_000);

async function main() {
  const suite = path.join(repoRoot, 'out', 'test', 'integration', 'index.js');
  if (!fs.existsSync(suite)) throw new Error(`${suite} is missing: run 'node esbuild.js --tests' first.`);
  const host = ensureHost({ browser: true });

  fs.mkdirSync(path.join(cacheDir, 'runs'), { recursive: true });
  const runDir = fs.mkdtempSync(path.join(cacheDir, 'runs', 'test-'));
  // A free port for the receiver, so a run never collides with a developer's own on 8787.
  const dirs = prepareRunDir(runDir, { 'makini.receiver.port': 0 });
  const workspace = path.join(runDir, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });

  const port = await freePort();
  const server = await startCodeServer({ ...host, dirs, port, workspace });
  const browser = await launchBrowser();
  let stats;
  try {
    const page = await browser.newPage();
    const exitCode = new Promise((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code) => resolve(Number(code)));
    });
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const line = format(...(Array.isArray(args) ? args : [args]));
      if (line.startsWith(STATS_MARKER)) stats = JSON.parse(line.slice(STATS_MARKER.length));
      if (NOISE.some((pattern) => pattern.test(line))) return;
      (type === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
    });
    page.on('crash', () => console.error('[host] the editor page crashed'));
    await page.goto(
      editorUrl({
        ...server,
        folder: workspace,
        extensionDevelopmentPath: repoRoot,
        extensionTestsPath: suite,
      }),
    );
    const timeout = new Promise((resolve) =>
      setTimeout(() => {
        console.error(`[host] no result from the extension host after ${SUITE_TIMEOUT_MS} ms`);
        resolve(1);
      }, SUITE_TIMEOUT_MS).unref(),
    );
    const code = await Promise.race([exitCode, timeout]);
    if (code !== 0 && !stats) {
      const tail = fs.readFileSync(dirs.log, 'utf8').split('\n').slice(-20).join('\n');
      console.error(`[host] the suite did not run; code-server's last output:\n${tail}`);
    }
    return code;
  } finally {
    await browser.close();
    await server.stop();
    const statsFile = process.env.MAKINI_TEST_STATS_FILE;
    if (statsFile && stats) fs.writeFileSync(statsFile, JSON.stringify(stats));
    if (process.env.MAKINI_KEEP_RUN_DIR !== '1') fs.rmSync(runDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[host] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
