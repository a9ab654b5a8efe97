// The host benchmark's runner (bench/host.bench.ts starts it): opens fresh editors with Makini
// DevTools and the minimal baseline extension (bench/fixtures/minimalExtension) and runs the
// in-host entry out/test/hostBench/index.js in each. Progress goes to stderr; stdout gets one line
// `MAKINI_HOST_BENCH_RESULT {json}`: {activation: [...one per round], tree} or {skipped: why}.
// Usage: node scripts/benchHost.mjs [--rounds 3] [--connections 5000]   (after esbuild.js --bench)
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { runInHost } from './lib/hostRun.mjs';
import { repoRoot } from './lib/paths.mjs';
import { missingHostParts } from './lib/setup.mjs';

const RESULT_MARKER = 'MAKINI_HOST_BENCH_RESULT';
const FIGURES_MARKER = 'MAKINI_HOST_BENCH ';
const SUITE = path.join(repoRoot, 'out', 'test', 'hostBench', 'index.js');
const MINIMAL = path.join(repoRoot, 'bench', 'fixtures', 'minimalExtension');

/** One editor, one run of the in-host entry; answers its figures. */
async function round({ label, env }) {
  let figures;
  const lines = [];
  const code = await runInHost({
    suite: SUITE,
    // The entry lives in this repository, so Makini DevTools is the development extension.
    extensionDevelopmentPaths: [repoRoot],
    installedExtensions: [MINIMAL],
    settings: { 'makini.receiver.port': 0 },
    env,
    timeoutMs: 10 * 60_000,
    label,
    onLine: (line) => {
      if (line.startsWith(FIGURES_MARKER)) figures = JSON.parse(line.slice(FIGURES_MARKER.length));
      else lines.push(line);
    },
  });
  if (code !== 0 || !figures) {
    throw new Error(
      `${label}: the in-host entry failed (exit ${code}). Its last lines:\n${lines.slice(-15).join('\n')}`,
    );
  }
  return figures;
}

async function main() {
  const { values } = parseArgs({
    options: { rounds: { type: 'string', default: '3' }, connections: { type: 'string', default: '5000' } },
  });
  const missing = missingHostParts();
  if (missing.length > 0) return { skipped: `missing ${missing.join(', ')} (run npm run setup:host)` };

  const activation = [];
  for (let i = 0; i < Number(values.rounds); i++) {
    console.error(`[bench host] activation round ${i + 1} of ${values.rounds}`);
    const figures = await round({ label: `bench-activation-${i + 1}`, env: {} });
    activation.push(figures.activation);
  }
  // A separate editor: the large sandbox it starts after activation must not crowd the rounds above.
  console.error(`[bench host] Connections tree over ${values.connections} sandbox connections`);
  const { tree } = await round({
    label: 'bench-tree',
    env: { MAKINI_SANDBOX_CONNECTIONS: values.connections },
  });
  return { activation, tree };
}

main().then(
  (result) => console.log(`${RESULT_MARKER} ${JSON.stringify(result)}`),
  (error) => {
    console.error(`[bench host] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
