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
