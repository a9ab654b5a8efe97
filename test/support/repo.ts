import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root: the nearest folder above `from` whose package.json is this project's. */
export function repoRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      const { name } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: unknown };
      if (name === 'makini-devtools') return dir;
    }
    if (path.dirname(dir) === dir) throw new Error(`No makini-devtools package.json above ${from}`);
  }
}

export function packageVersion(): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}
