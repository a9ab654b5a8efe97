// The folder `npm start` and `npm run screenshot` open in the editor. It lives outside this
// repository, so the editor finds no git repository in a parent folder (and offers none), and
// what the extension writes into the workspace (New Webhook Payload's `.makini/events/`) never
// lands in the checkout.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from './paths.mjs';

const TEMPLATE = path.join(repoRoot, 'scripts', 'demoWorkspace');

const isInside = (dir, parent) => {
  const relative = path.relative(parent, dir);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
};

/**
 * `$XDG_CACHE_HOME/makini-devtools/demo-workspace` (or `~/.cache/…`), the same folder on every
 * start so the payloads you write are still there; the OS temp folder when that would be inside
 * this repository.
 */
export function demoWorkspaceDir() {
  const cache = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  const stable = path.join(cache, 'makini-devtools', 'demo-workspace');
  return isInside(stable, repoRoot) ? path.join(os.tmpdir(), 'makini-devtools-demo-workspace') : stable;
}

/** Creates `dir` if needed and (re)writes the demo workspace's files into it; answers `dir`. */
export function seedDemoWorkspace(dir) {
  if (isInside(dir, repoRoot)) throw new Error(`The demo workspace must be outside ${repoRoot}, got ${dir}.`);
  fs.mkdirSync(dir, { recursive: true });
  fs.cpSync(TEMPLATE, dir, { recursive: true });
  return dir;
}
