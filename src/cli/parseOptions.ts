import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './cliCommand';

/** A command's flags table, as `node:util` parseArgs takes it. */
export type Options = NonNullable<ParseArgsConfig['options']>;

type Flags<N extends string, T extends 'string' | 'boolean'> = { readonly [K in N]: { readonly type: T } };

function flags<N extends string, T extends 'string' | 'boolean'>(type: T, names: readonly N[]): Flags<N, T> {
  return Object.fromEntries(names.map((name) => [name, { type }])) as Flags<N, T>;
}

/** Flags that each take a value: `--name VALUE`. */
export function stringFlags<const N extends string>(...names: N[]): Flags<N, 'string'> {
  return flags('string', names);
}

/** Flags that are on when given: `--name`. */
export function booleanFlags<const N extends string>(...names: N[]): Flags<N, 'boolean'> {
  return flags('boolean', names);
}

/**
 * `node:util` parseArgs in strict mode, with its errors turned into {@link UsageError}s that say
 * which flag was wrong (the CLI prints them with the command's usage and exits 2).
 * @throws UsageError for unknown flags, missing values, or positionals beyond `maxPositionals`.
 */
export function parseOptions<T extends Options>(args: readonly string[], options: T, maxPositionals = 0) {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options, strict: true, allowPositionals: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(message.replace(/\. To specify a positional argument.*$/s, '.'));
  }
  if (parsed.positionals.length > maxPositionals) {
    const extra = parsed.positionals.slice(maxPositionals);
    throw new UsageError(`unexpected argument${extra.length === 1 ? '' : 's'}: ${extra.join(' ')}`);
  }
  return parsed;
}

/** What {@link parseOptions} read from the command line for flags table `T`. */
export type ParsedOptions<T extends Options> = ReturnType<typeof parseOptions<T>>;

/**
 * Reads an integer flag value within bounds.
 * @throws UsageError when the value is not a whole number in [min, max].
 */
export function intOption(
  flag: string,
  value: string | undefined,
  fallback: number,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${flag} takes a whole number from ${min} to ${max}, got '${value}'.`);
  }
  return n;
}
