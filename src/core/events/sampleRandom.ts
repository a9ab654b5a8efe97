import { randomInt } from 'node:crypto';
import { seededRandom } from '../random/seededRandom';

/** Random choices for sample builders; deterministic when made from a seed. */
export interface SampleRandom {
  /** A float in [0, 1). */
  next(): number;
  /** A whole number in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
  /** A numeric key shaped like Makini's record keys (14 digits, e.g. `09000968366130`). */
  key(): string;
  /** Lower-case letters and digits, for ids such as `evt_…` and `sync_…`. */
  token(length: number): string;
}

const TOKEN_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A source of sample randomness: seeded (reproducible) or, without a seed, fresh each time. */
export function sampleRandom(seed?: number): SampleRandom {
  const next = seededRandom(seed ?? randomInt(0, 2 ** 32 - 1));
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    const item = items[int(0, items.length - 1)];
    if (item === undefined) throw new RangeError('pick() needs at least one item');
    return item;
  };
  const token = (length: number): string =>
    Array.from({ length }, () => TOKEN_ALPHABET[int(0, TOKEN_ALPHABET.length - 1)]).join('');
  return {
    next,
    int,
    pick,
    chance: (probability) => next() < probability,
    key: () => `0${int(0, 9)}000${String(int(0, 999_999_999)).padStart(9, '0')}`,
    token,
  };
}
