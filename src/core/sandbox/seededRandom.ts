import { mulberry32 } from '../events/seededRandom';

/** A source of numbers in [0, 1); the sandbox takes one so a seed makes its life repeatable. */
export type RandomSource = () => number;

/**
 * A small seeded generator (mulberry32, shared with the event samples). Not for secrets: it only
 * makes demo data and simulated outcomes repeatable from a seed.
 */
export function seededRandom(seed: number): RandomSource {
  return mulberry32(seed);
}

/** One element of a non-empty list, chosen by `random`. */
export function pick<T>(random: RandomSource, items: readonly [T, ...T[]]): T {
  return items[Math.floor(random() * items.length)] ?? items[0];
}
