import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './paths.mjs';

const bin = (name) => path.join(repoRoot, 'node_modules', '.bin', name);

function run(command, args) {
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`'${path.basename(command)} ${args.join(' ')}' failed`);
}

/**
 * Builds the extension and packs it into `out` with vsce. Dependencies are bundled by esbuild, so
 * none ship; `.vscodeignore` keeps the package to dist/, media/ and the documents.
 */
export function packageVsix({ out, production }) {
  run(process.execPath, ['esbuild.js', ...(production ? ['--production'] : [])]);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  // README images are relative to this repository; there is no public URL to rewrite them to.
  run(bin('vsce'), [
    'package',
    '--no-dependencies',
    '--allow-missing-repository',
    '--no-rewrite-relative-links',
    '--out',
    out,
  ]);
  return { file: out, bytes: fs.statSync(out).size };
}
