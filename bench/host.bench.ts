import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { type BenchRow, type BenchSection, median } from './harness';

/**
 * The editor's side of performance: activation in the real extension host (code-server + headless
 * Chromium, through scripts/benchHost.mjs) beside a minimal extension activated in the same host,
 * the production bundle's size, and the Connections tree over 5,000 sandbox connections beside
 * plain TreeItems. The rounds run on the production bundle; the development build is restored after.
 */
const repoRoot = path.resolve(__dirname, '..', '..');
const ROUNDS = 3;
const CONNECTIONS = 5000;
const MB = 1_000_000;
const RESULT_MARKER = 'MAKINI_HOST_BENCH_RESULT ';

interface ActivationRecord {
  readonly extensionId: string;
  readonly loadCode: number;
  readonly callActivate: number;
  readonly finishActivate: number;
}
interface TreeTimes {
  readonly connections: number;
  readonly treeMs: number;
  readonly plainMs: number;
  readonly rounds: number;
  readonly judgedAfterMs: number;
}
interface HostResult {
  readonly skipped?: string;
  readonly activation?: readonly (readonly ActivationRecord[])[];
  readonly tree?: TreeTimes;
}

export function run(): Promise<BenchSection> {
  const build = spawnSync(process.execPath, ['esbuild.js', '--production'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  const production = build.status === 0;
  const rows: BenchRow[] = production
    ? [
        bundleRow('dist/extension.js'),
        bundleRow('dist/cli.js'),
        bundleRow('dist/vendor', 'loaded on first use, not at activation'),
      ]
    : [skippedRow('bundle size', 'the production build failed (type-check, lint or esbuild; see above)')];
  try {
    rows.push(...hostRows(production));
  } finally {
    // Leave the development build (with source maps) that `npm run bench` found.
    if (production) spawnSync(process.execPath, ['esbuild.js'], { cwd: repoRoot, stdio: 'inherit' });
  }
  return Promise.resolve({ area: 'host', rows });
}

/** A file's size, or a folder's (its .js files together), minified and gzipped. */
function bundleRow(file: string, note?: string): BenchRow {
  const full = path.join(repoRoot, file);
  const bytes = fs.statSync(full).isDirectory()
    ? Buffer.concat(
        fs
          .readdirSync(full)
          .filter((f) => f.endsWith('.js'))
          .map((f) => fs.readFileSync(path.join(full, f))),
      )
    : fs.readFileSync(full);
  const gzip = zlib.gzipSync(bytes, { level: 9 }).length;
  return {
    name: `${file}, minified (node esbuild.js --production)${note ? `, ${note}` : ''}`,
    value: bytes.length,
    unit: 'bytes',
    goal: `< ${MB.toLocaleString('en-US')} bytes (1 MB)`,
    met: bytes.length < MB,
    extra: { kB: Math.round(bytes.length / 1000), gzip_bytes: gzip },
  };
}

function hostRows(production: boolean): BenchRow[] {
  const child = spawnSync(
    process.execPath,
    ['scripts/benchHost.mjs', '--rounds', String(ROUNDS), '--connections', String(CONNECTIONS)],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  );
  const line = child.stdout.split('\n').find((l) => l.startsWith(RESULT_MARKER));
  if (child.status !== 0 || !line) {
    return [skippedRow('editor figures', `scripts/benchHost.mjs failed (exit ${child.status}; see above)`)];
  }
  const result = JSON.parse(line.slice(RESULT_MARKER.length)) as HostResult;
  if (result.skipped) return [skippedRow('editor figures', result.skipped)];
  const rows: BenchRow[] = [];
  if (result.activation) rows.push(activationRow(result.activation, production));
  if (result.tree) rows.push(treeRow(result.tree));
  return rows;
}

/** VS Code's own figure ("Show Running Extensions"): Load Code + Call Activate, median of rounds. */
function activationRow(rounds: readonly (readonly ActivationRecord[])[], production: boolean): BenchRow {
  const of = (id: string): ActivationRecord[] => rounds.flatMap((r) => r.filter((a) => a.extensionId === id));
  const makini = of('makini-devtools.makini-devtools');
  const minimal = of('makini-devtools.minimal-extension');
  const total = (a: ActivationRecord): number => a.loadCode + a.callActivate;
  const value = median(makini.map(total));
  const baseline = median(minimal.map(total));
  return {
    name: `activation in the extension host (Load Code + Call Activate, median of ${makini.length} editors)`,
    value,
    unit: 'ms',
    baseline: { name: 'minimal extension, same host and activation event', value: baseline },
    ratio: baseline / value,
    goal: '< 100 ms',
    met: value < 100,
    extra: {
      times_baseline: Number((value / baseline).toFixed(2)),
      load_code_ms: median(makini.map((a) => a.loadCode)),
      call_activate_ms: median(makini.map((a) => a.callActivate)),
      rounds_ms: makini.map(total).join('/'),
      baseline_rounds_ms: minimal.map(total).join('/'),
      bundle: production ? 'production' : 'development',
    },
  };
}

function treeRow(tree: TreeTimes): BenchRow {
  return {
    name: `Connections tree, ${tree.connections.toLocaleString('en-US')} connections: getChildren() + getTreeItem() per root item (median of ${tree.rounds} refreshes)`,
    value: tree.treeMs,
    unit: 'ms',
    baseline: { name: 'as many plain vscode.TreeItems from the same list', value: tree.plainMs },
    ratio: tree.plainMs / tree.treeMs,
    goal: '< 50 ms',
    met: tree.treeMs < 50,
    extra: {
      times_baseline: Number((tree.treeMs / tree.plainMs).toFixed(1)),
      health_judged_after_ms: tree.judgedAfterMs,
    },
  };
}

function skippedRow(name: string, reason: string): BenchRow {
  return { name: `${name}: skipped`, value: 0, unit: 'skipped', extra: { reason } };
}
