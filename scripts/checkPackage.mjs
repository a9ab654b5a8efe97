// Packs the extension into the .vsix named on the command line and checks what a user gets from
// it (lib/vsixContents.mjs): the 128×128 icon, the user-facing README, every image it shows.
// Exits 1 and names each problem when something is missing. Usage: node scripts/checkPackage.mjs OUT.vsix
import * as path from 'node:path';
import { vsixProblems } from './lib/vsixContents.mjs';
import { packageVsix } from './lib/vsix.mjs';

const out = process.argv[2];
if (!out) {
  console.error('Usage: node scripts/checkPackage.mjs OUT.vsix');
  process.exit(2);
}
const { file } = packageVsix({ out: path.resolve(out), production: false });
const problems = vsixProblems(file);
for (const problem of problems) console.error(`${path.basename(file)}: ${problem}`);
if (problems.length > 0) process.exit(1);
console.log(
  `${path.basename(file)}: the icon, the user-facing README and every image it shows are in the package.`,
);
