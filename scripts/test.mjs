// `npm test`: lint, format, type-check, import rules (no cycles), build, unit tests (plain Node)
// and the in-host suite (a real VS Code extension host). Runs every stage it can, then prints one
// line `N passed, N failed` summing both test tiers, and exits non-zero when anything failed.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from './lib/paths.mjs';

const bin = (name) => path.join(repoRoot, 'node_modules', '.bin', name);
const statsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'makini-test-'));
const failedStages = [];
let passed = 0;
let failed = 0;

/**
 * What a developer's shell may hold. The unit tier runs with these set, to prove that no test
 * hands them to the processes it starts (test/support/nodeProcess.ts strips them).
 */
const DEVELOPER_ENV = {
  MAKINI_WEBHOOK_SECRET: 'a-developer-secret',
  MAKINI_CLIENT_ID: 'a-developer-client',
  MAKINI_CLIENT_SECRET: 'a-developer-client-secret',
  MAKINI_API_URL: 'http://127.0.0.1:9',
};

function stage(name, command, args, { stats, extraEnv = {} } = {}) {
  console.log(`\n━━ ${name}: ${[path.basename(command), ...args].join(' ')}`);
  const statsFile = stats ? path.join(statsDir, `${stats}.json`) : undefined;
  const env = {
    ...process.env,
    ...extraEnv,
    NO_COLOR: '1',
    ...(statsFile ? { MAKINI_TEST_STATS_FILE: statsFile } : {}),
  };
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit', env });
  const ok = result.status === 0;
  if (statsFile) {
    if (fs.existsSync(statsFile)) {
      const counts = JSON.parse(fs.readFileSync(statsFile, 'utf8'));
      passed += counts.passes;
      failed += counts.failures;
    } else if (!ok) {
      failed += 1; // The tier could not run at all: count it as one failure, not as nothing.
    }
  }
  if (!ok) failedStages.push(name);
  return ok;
}

stage('lint', bin('eslint'), ['.']);
stage('format', bin('prettier'), ['--check', '.', '--log-level', 'warn']);
stage('type-check', bin('tsc'), ['--noEmit', '-p', '.']);
// No import cycles in src/ (type-only imports count), and the layering rules: .dependency-cruiser.cjs.
stage('imports', bin('depcruise'), ['src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err']);
// `npm start` and `npm run screenshot` install a packed .vsix: packing must keep working, and the
// package must hold what the extension's page shows (icon, user-facing README, its images).
stage('package', process.execPath, ['scripts/checkPackage.mjs', path.join(statsDir, 'check.vsix')]);
if (stage('build', process.execPath, ['esbuild.js', '--tests'])) {
  stage('unit tests', bin('mocha'), [], { stats: 'unit', extraEnv: DEVELOPER_ENV });
  stage('in-host tests', process.execPath, ['scripts/testHost.mjs'], { stats: 'host' });
}
fs.rmSync(statsDir, { recursive: true, force: true });

console.log('');
if (failedStages.length > 0) console.log(`Failed stages: ${failedStages.join(', ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failedStages.length > 0 || failed > 0 ? 1 : 0);
