// Starts code-server (VS Code in a browser, with VS Code's real Node extension host) on loopback,
// isolated in a per-run folder, and stops it with everything it started.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';

/** Settings that keep the UI free of sign-in prompts, chat panels and update checks. */
const QUIET_SETTINGS = {
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
};

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function healthy(port) {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 1000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.once('error', () => resolve(false));
    request.once('timeout', () => request.destroy());
  });
}

/** The user settings already in a kept profile, or none when it is new or unreadable. */
function existingSettings(file) {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

/**
 * The folders of one run: its own HOME, XDG dirs and TMPDIR, so nothing leaks into the user's.
 * With `keep`, the profile is kept across runs: what the user set there stays, and only settings
 * it does not have yet are added.
 */
export function prepareRunDir(runDir, settings = {}, { keep = false } = {}) {
  const dirs = {
    home: path.join(runDir, 'home'),
    userData: path.join(runDir, 'user-data'),
    extensions: path.join(runDir, 'extensions'),
    tmp: path.join(runDir, 'tmp'),
    runtime: path.join(runDir, 'runtime'),
    log: path.join(runDir, 'code-server.log'),
  };
  for (const dir of [dirs.home, dirs.extensions, dirs.tmp, path.join(dirs.userData, 'User')]) {
    fs.mkdirSync(dir, { recursive: true });
  }
  fs.mkdirSync(dirs.runtime, { recursive: true, mode: 0o700 });
  const file = path.join(dirs.userData, 'User', 'settings.json');
  const kept = keep ? existingSettings(file) : {};
  fs.writeFileSync(file, JSON.stringify({ ...QUIET_SETTINGS, ...settings, ...kept }, null, 2));
  return dirs;
}

function isolatedEnv(dirs, extra = {}) {
  return {
    PATH: process.env.PATH,
    LANG: process.env.LANG ?? 'C.UTF-8',
    HOME: dirs.home,
    XDG_CONFIG_HOME: path.join(dirs.home, '.config'),
    XDG_DATA_HOME: path.join(dirs.home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(dirs.home, '.cache'),
    XDG_RUNTIME_DIR: dirs.runtime,
    TMPDIR: dirs.tmp,
    NO_COLOR: '1',
    ...Object.fromEntries(Object.entries(process.env).filter(([key]) => key.startsWith('MAKINI_'))),
    ...extra,
  };
}

/** Installs a packaged extension into the run's extensions folder. */
export async function installVsix({ node, codeServer, dirs, vsix }) {
  const child = spawn(
    node,
    [
      codeServer,
      '--extensions-dir',
      dirs.extensions,
      '--user-data-dir',
      dirs.userData,
      '--install-extension',
      vsix,
    ],
    { env: isolatedEnv(dirs), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const code = await new Promise((resolve) => child.once('close', resolve));
  if (code !== 0) throw new Error(`Installing ${vsix} into code-server failed (exit ${code}):\n${output}`);
  return output.trim();
}

/** code-server's command line: loopback, no auth, the run's own folders, no telemetry or updates. */
function serverArgs({ codeServer, dirs, port, workspace, smokeTestDriver }) {
  return [
    codeServer,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--user-data-dir',
    dirs.userData,
    '--extensions-dir',
    dirs.extensions,
    ...(smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    workspace,
  ];
}

/**
 * Starts code-server and resolves once `/healthz` answers 200. `echo` copies its output to this
 * process's; otherwise it goes to the run's code-server.log only. `env` adds variables for it and
 * the extension host it starts. `smokeTestDriver` is for test runs only: the built workbench
 * honours a URL's extension-development payload only with it, and it also hides every
 * notification toast, so an editor a person looks at must run without it.
 */
export async function startCodeServer({
  node,
  codeServer,
  dirs,
  port,
  workspace,
  echo = false,
  env = {},
  smokeTestDriver = false,
}) {
  const args = serverArgs({ codeServer, dirs, port, workspace, smokeTestDriver });
  const logFile = fs.createWriteStream(dirs.log);
  // Its own process group, so that stopping it also stops the extension host it spawns.
  const child = spawn(node, args, {
    env: isolatedEnv(dirs, env),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk) => {
      logFile.write(chunk);
      if (echo) process.stdout.write(chunk);
    });
  }
  let exited = false;
  const exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  void exit.then(() => (exited = true));

  const stop = async () => {
    if (!exited) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }, 5000);
      await exit;
      clearTimeout(timer);
    }
    await new Promise((resolve) => logFile.end(resolve));
  };

  const deadline = Date.now() + 60_000;
  while (!(await healthy(port))) {
    if (exited || Date.now() > deadline) {
      await stop();
      const tail = fs.readFileSync(dirs.log, 'utf8').split('\n').slice(-30).join('\n');
      throw new Error(`code-server did not become healthy on port ${port}. Its last output:\n${tail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url: `http://127.0.0.1:${port}/`, port, stop, exit };
}
