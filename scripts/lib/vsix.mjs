import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './paths.mjs';

const bin = (name) => path.join(repoRoot, 'node_modules', '.bin', name);

/**
 * The README users see on the extension's page: vsce packs it as the package's readme.md, so its
 * relative links resolve against the package root. The repository's README.md is for contributors.
 */
export const PACKAGE_README = 'media/marketplace/README.md';

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
  // The README's images ship in the package and are linked relative to it: there is no public URL
  // to rewrite them to. The editor's extension page and the Marketplace show only https images, so
  // a published package needs vsce's --baseImagesUrl pointing at a public copy of media/.
  run(bin('vsce'), [
    'package',
    '--no-dependencies',
    '--allow-missing-repository',
    '--no-rewrite-relative-links',
    '--readme-path',
    PACKAGE_README,
    '--out',
    out,
  ]);
  return { file: out, bytes: fs.statSync(out).size };
}
