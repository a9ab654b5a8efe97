import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BenchModule, BenchSection } from './harness';

/**
 * `npm run bench [-- area...]`: runs every `*.bench.js` built beside this file (or the named
 * areas), prints a table, and merges the figures into bench/results.json.
 */
async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.js'))
    .filter((f) => only.length === 0 || only.includes(f.replace(/\.bench\.js$/, '')))
    .sort();
  const sections: BenchSection[] = [];
  for (const file of files) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- benchmarks are found at run time
    const module = require(path.join(__dirname, file)) as BenchModule;
    console.log(`\n== ${file.replace(/\.bench\.js$/, '')}`);
    const section = await module.run();
    printSection(section);
    sections.push(section);
  }
  const resultsFile = path.resolve(__dirname, '..', '..', 'bench', 'results.json');
  const previous = fs.existsSync(resultsFile)
    ? (JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as { sections?: BenchSection[] })
    : {};
  const merged = new Map((previous.sections ?? []).map((s) => [s.area, s]));
  for (const section of sections) merged.set(section.area, section);
  const results = {
    updated: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', node: process.version },
    sections: [...merged.values()].sort((a, b) => a.area.localeCompare(b.area)),
  };
  fs.writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nWrote ${path.relative(process.cwd(), resultsFile)}`);
  const missed = sections.flatMap((s) =>
    s.rows.filter((r) => r.met === false).map((r) => `${s.area}: ${r.name}`),
  );
  if (missed.length > 0) console.log(`Goals not met this run:\n  ${missed.join('\n  ')}`);
}

function printSection(section: BenchSection): void {
  const fmt = (n: number): string => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2));
  for (const row of section.rows) {
    const base = row.baseline ? `  vs ${row.baseline.name}: ${fmt(row.baseline.value)} ${row.unit}` : '';
    const ratio =
      row.ratio === undefined
        ? ''
        : `  ratio ${row.ratio.toFixed(2)} (${row.goal ?? ''}${row.met === false ? ', NOT MET' : ''})`;
    const extra = row.extra
      ? `  ${Object.entries(row.extra)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')}`
      : '';
    console.log(`  ${row.name}: ${fmt(row.value)} ${row.unit}${base}${ratio}${extra}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
