/**
 * The benchmark's shared shapes. Figures are compared as ratios against a baseline measured side
 * by side in the same run, never as absolute times: these machines are shared and noisy.
 */
export interface BenchRow {
  /** What was measured, e.g. `sign makini (HMAC-SHA256)`. */
  readonly name: string;
  readonly value: number;
  /** e.g. `ops/s`, `req/s`, `ms`, `MiB`. */
  readonly unit: string;
  /** The side-by-side baseline, when the figure is a comparison. */
  readonly baseline?: { readonly name: string; readonly value: number };
  /** value / baseline.value (or baseline / value for lower-is-better units). */
  readonly ratio?: number;
  /** The goal in words, e.g. `ratio >= 3`. */
  readonly goal?: string;
  readonly met?: boolean;
  /** Extra figures worth keeping (p99 latency, resident memory, ...). */
  readonly extra?: Readonly<Record<string, number | string>>;
}

export interface BenchSection {
  readonly area: string;
  readonly rows: readonly BenchRow[];
}

/** The machine a section ran on, as it was when the section began. */
export interface MachineStamp {
  readonly cpus: number;
  readonly cpu: string;
  readonly memoryGiB: number;
  /** One-minute load average when the section began: a busy shared machine shows here. */
  readonly loadAverage: number;
  readonly node: string;
  /** e.g. `Linux 6.8.0 x64`. */
  readonly os: string;
}

/**
 * A section as written to bench/results.json. Areas can be run alone (`npm run bench -- sender`),
 * so each section says when and where it was measured: sections in one file may come from
 * different runs, even different machines, and no header claims to cover them all.
 */
export interface StampedSection extends BenchSection {
  readonly measured: {
    /** When this section began. */
    readonly at: string;
    readonly seconds: number;
    /** When the `npm run bench` that measured it began: sections with the same value ran together. */
    readonly run: string;
    readonly machine: MachineStamp;
  };
}

export interface BenchResults {
  readonly sections: readonly StampedSection[];
}

/** A benchmark module: `bench/<area>.bench.ts` exporting `run`. */
export type BenchModule = { run(): Promise<BenchSection> };

/** Runs `fn` repeatedly for about `durationMs` and answers operations per second. */
export function opsPerSecond(fn: () => void, durationMs = 1000): number {
  for (let i = 0; i < 1000; i++) fn(); // Warm-up: let the JIT settle before timing.
  let count = 0;
  const start = process.hrtime.bigint();
  const end = start + BigInt(durationMs) * 1_000_000n;
  let now = start;
  while (now < end) {
    for (let i = 0; i < 100; i++) fn();
    count += 100;
    now = process.hrtime.bigint();
  }
  return count / (Number(now - start) / 1e9);
}

/** The middle value (the upper middle of an even count); NaN for none. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/**
 * Measures each contender once per round, in turn (A B A B ...), and answers each one's figures
 * in round order. A busy spell on a shared machine then lands on every contender alike, and the
 * medians of the rounds are compared.
 */
export async function interleavedRounds<K extends string>(
  rounds: number,
  contenders: Readonly<Record<K, () => number | Promise<number>>>,
): Promise<Record<K, number[]>> {
  const names = Object.keys(contenders) as K[];
  const figures = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  for (let round = 0; round < rounds; round++) {
    for (const name of names) figures[name].push(await contenders[name]());
  }
  return figures;
}

/** Round figures for a row's `extra`, e.g. `4410/4385/4502`. */
export function roundsText(values: readonly number[]): string {
  return values.map((v) => Math.round(v)).join('/');
}

/**
 * Rounds figures for a row's `extra`: each round's figures, and the median of the per-round
 * ratios (a second view of the comparison, less swayed by a slow spell across rounds).
 */
export function roundsExtra(
  values: readonly number[],
  baseline: readonly number[],
): Record<string, string | number> {
  const ratios = values.map((v, i) => v / (baseline[i] ?? NaN));
  return {
    rounds: roundsText(values),
    baseline_rounds: roundsText(baseline),
    median_round_ratio: Number(median(ratios).toFixed(3)),
  };
}

/** A row comparing `value` with a baseline where higher is better. */
export function comparedRow(
  name: string,
  value: number,
  unit: string,
  baseline: { name: string; value: number },
  minRatio: number,
  extra?: Record<string, number | string>,
): BenchRow {
  const ratio = value / baseline.value;
  return { name, value, unit, baseline, ratio, goal: `ratio >= ${minRatio}`, met: ratio >= minRatio, extra };
}
