/** A source of numbers in [0, 1); code that takes one is repeatable from a seed. */
export type RandomSource = () => number;

/**
 * A small seeded generator (mulberry32): tiny, fast and good enough for varied samples, demo data
 * and simulated outcomes. Not for secrets: what it makes from a seed is meant to be reproducible.
 */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One element of a non-empty list, chosen by `random`. */
export function pick<T>(random: RandomSource, items: readonly [T, ...T[]]): T {
  return items[Math.floor(random() * items.length)] ?? items[0];
}
