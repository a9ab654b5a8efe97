import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BenchModule, BenchResults, BenchSection, MachineStamp, StampedSection } from './harness';

/**
 * `npm run bench [-- area...]`: runs every `*.bench.js` built beside this file (or the named
 * areas), prints a table, and writes each area's section, stamped with its own time and machine,
 * into bench/results.json in place of that area's previous one. Sections of areas not run stay
 * as they were, with their own stamps.
 */
async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.js'))
    .filter((f) => only.length === 0 || only.includes(f.replace(/\.bench\.js$/, '')))
    .sort();
  const run = new Date().toISOString();
  const sections: StampedSection[] = [];
  const failed: string[] = [];
  for (const file of files) {
    const area = file.replace(/\.bench\.js$/, '');
    console.log(`\n== ${area}`);
    try {
      const section = await runArea(file, run);
      printSection(section);
      sections.push(section);
    } catch (error) {
      // One area's failure must not throw away the others' figures; it keeps its previous section.
      console.error(`  ${area} failed:`, error);
      failed.push(area);
    }
  }
  const resultsFile = path.resolve(__dirname, '..', '..', 'bench', 'results.json');
  const merged = new Map(previousSections(resultsFile).map((s) => [s.area, s]));
  for (const section of sections) merged.set(section.area, section);
  const results: BenchResults = {
    sections: [...merged.values()].sort((a, b) => a.area.localeCompare(b.area)),
  };
  fs.writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nWrote ${path.relative(process.cwd(), resultsFile)}`);
  const missed = sections.flatMap((s) =>
    s.rows.filter((r) => r.met === false).map((r) => `${s.area}: ${r.name}`),
  );
  if (missed.length > 0) console.log(`Goals not met this run:\n  ${missed.join('\n  ')}`);
  if (failed.length > 0) {
    console.error(`Areas that failed (their previous sections are kept): ${failed.join(', ')}`);
    process.exitCode = 1;
  }
}

async function runArea(file: string, run: string): Promise<StampedSection> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- benchmarks are found at run time
  const module = require(path.join(__dirname, file)) as BenchModule;
  const at = new Date();
  const machine = machineStamp();
  const section = await module.run();
  const seconds = Math.round((Date.now() - at.getTime()) / 100) / 10;
  return {
    area: section.area,
    measured: { at: at.toISOString(), seconds, run, machine },
    rows: section.rows,
  };
}

function machineStamp(): MachineStamp {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    loadAverage: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

/** The sections already in the file that carry their own stamp; unstamped ones cannot be placed. */
function previousSections(resultsFile: string): StampedSection[] {
  if (!fs.existsSync(resultsFile)) return [];
  const parsed = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as unknown;
  if (typeof parsed !== 'object' || parsed === null || !('sections' in parsed)) return [];
  const { sections } = parsed;
  if (!Array.isArray(sections)) return [];
  return sections.filter(isStamped);
}

function isStamped(value: unknown): value is StampedSection {
  if (typeof value !== 'object' || value === null) return false;
  const section = value as Partial<Record<keyof StampedSection, unknown>>;
  const measured = section.measured as Partial<Record<keyof StampedSection['measured'], unknown>> | undefined;
  return (
    typeof section.area === 'string' &&
    Array.isArray(section.rows) &&
    typeof measured === 'object' &&
    measured !== null &&
    typeof measured.at === 'string' &&
    typeof measured.run === 'string' &&
    typeof measured.machine === 'object'
  );
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
