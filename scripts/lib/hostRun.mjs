// Runs a suite module inside a real VS Code extension host: code-server serves the editor,
// headless Chromium opens it with the extensions under development and the suite, and the host
// reports its console and exit code back through the page. Shared by the in-host tests and the
// host benchmark, so both measure and test the same way.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import { editorUrl, launchBrowser } from './browser.mjs';
import { freePort, prepareRunDir, startCodeServer } from './codeServer.mjs';
import { cacheDir } from './paths.mjs';
import { ensureHost } from './setup.mjs';

/** Console lines of the offline editor that say nothing about the extension. */
export const HOST_NOISE = [
  /ENOTFOUND open-vsx\.org/,
  /authentication provider 'github'/,
  /^\[AccountPolicyGate\]/,
];

/**
 * Opens `suite` (a compiled module exporting `run()`) in a fresh editor with
 * `extensionDevelopmentPaths` loaded and the extension folders `installedExtensions` installed
 * (the workbench honours only one development path: the last), and resolves with the suite's exit code (0 passed), or 1
 * when the host said nothing for `timeoutMs`. Every console line of the host goes to `onLine`.
 * `env` reaches the extension host (only `MAKINI_*` names pass the isolation).
 */
export async function runInHost({
  suite,
  extensionDevelopmentPaths,
  installedExtensions = [],
  settings = {},
  env = {},
  onLine,
  timeoutMs,
  label = 'host',
}) {
  if (!fs.existsSync(suite)) throw new Error(`${suite} is missing: build it first.`);
  const host = ensureHost({ browser: true });

  fs.mkdirSync(path.join(cacheDir, 'runs'), { recursive: true });
  const runDir = fs.mkdtempSync(path.join(cacheDir, 'runs', `${label}-`));
  const dirs = prepareRunDir(runDir, settings);
  for (const folder of installedExtensions) installFolder(folder, dirs.extensions);
  const workspace = path.join(runDir, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });

  const port = await freePort();
  // The payload that loads the suite counts only with the smoke-test driver on.
  const server = await startCodeServer({ ...host, dirs, port, workspace, env, smokeTestDriver: true });
  let browser;
  let heard = false;
  try {
    browser = await launchBrowser();
    const page = await browser.newPage();
    const exitCode = new Promise((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code) => resolve(Number(code)));
    });
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      heard = true;
      onLine(format(...(Array.isArray(args) ? args : [args])), type);
    });
    page.on('crash', () => console.error(`[${label}] the editor page crashed`));
    await page.goto(
      editorUrl({ ...server, folder: workspace, extensionDevelopmentPaths, extensionTestsPath: suite }),
    );
    let timer;
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => {
        console.error(`[${label}] no result from the extension host after ${timeoutMs} ms`);
        resolve(1);
      }, timeoutMs);
    });
    const code = await Promise.race([exitCode, timeout]);
    clearTimeout(timer);
    if (code !== 0 && !heard) {
      const tail = fs.readFileSync(dirs.log, 'utf8').split('\n').slice(-20).join('\n');
      console.error(`[${label}] the suite did not run; code-server's last output:\n${tail}`);
    }
    return code;
  } finally {
    await browser?.close();
    await server.stop();
    if (process.env.MAKINI_KEEP_RUN_DIR !== '1') fs.rmSync(runDir, { recursive: true, force: true });
  }
}

/**
 * Copies an unpacked extension into the extensions folder under its `publisher.name-version`
 * name; the server adopts the folder's extensions on first start.
 */
function installFolder(folder, extensionsDir) {
  const { publisher, name, version } = JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8'));
  fs.cpSync(folder, path.join(extensionsDir, `${publisher}.${name}-${version}`), { recursive: true });
}
