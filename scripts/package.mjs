// `npm run package`: a production .vsix of the extension; prints what it holds and its size.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { PACKAGE_README, packageVsix } from './lib/vsix.mjs';
import { vsixProblems } from './lib/vsixContents.mjs';
import { repoRoot } from './lib/paths.mjs';

const { version } = (await import(path.join(repoRoot, 'package.json'), { with: { type: 'json' } })).default;
const out = path.join(repoRoot, `makini-devtools-${version}.vsix`);
try {
  const { bytes } = packageVsix({ out, production: true });
  spawnSync(
    path.join(repoRoot, 'node_modules', '.bin', 'vsce'),
    ['ls', '--no-dependencies', '--readme-path', PACKAGE_README],
    {
      cwd: repoRoot,
      stdio: 'inherit',
    },
  );
  console.log(`\n${path.relative(process.cwd(), out)}: ${(bytes / 1024).toFixed(1)} KiB`);
  const problems = vsixProblems(out);
  if (problems.length > 0) throw new Error(`The package is incomplete:\n- ${problems.join('\n- ')}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
