import { type CliCommand, type CliIo, UsageError } from './cliCommand';
import { type Options, type ParsedOptions, parseOptions } from './parseOptions';

/** A class of errors, matched with `instanceof`. */
export type ErrorClass = abstract new (...args: never[]) => Error;

export interface CommandSpec<T extends Options, P> {
  readonly name: string;
  readonly summary: string;
  /** The synopsis, one entry a line. */
  readonly usage: readonly string[];
  /** The flags the command takes; any other flag is wrong usage. */
  readonly options: T;
  /**
   * Every flag's help, `[value, description]`: the value's placeholder ('' for a switch) and what
   * it does, with its default. `--help` lists them in this order.
   */
  readonly flags: { readonly [K in keyof T & string]: readonly [string, string] };
  /** Lines `--help` prints after the flags. */
  readonly notes?: readonly string[];
  /** How many positional arguments it takes; more are wrong usage. None unless given. */
  readonly positionals?: number;
  /**
   * Errors from core that mean the command line asked for something that cannot be done (a bad
   * URL, an unusable secret): the CLI shows their message with the usage and exits 2.
   */
  readonly usageErrors?: readonly ErrorClass[];
  /**
   * Checks the whole command line and reads what it names (files, the environment) into what `run`
   * needs. It is given no output stream, so wrong usage is always found before any output or side
   * effect. Throws UsageError, or an error of `usageErrors`, for wrong usage.
   */
  prepare(parsed: ParsedOptions<T>, env: NodeJS.ProcessEnv): P | Promise<P>;
  /** Does the work; resolves to the exit code. */
  run(plan: P, io: CliIo): number | Promise<number>;
}

/** The help text: synopsis, one line per flag, then the notes. */
function helpText<T extends Options, P>(spec: CommandSpec<T, P>): string {
  const rows = Object.entries(spec.flags as Record<string, readonly [string, string]>).map(
    ([name, [value, description]]) => [`--${name}${value ? ` ${value}` : ''}`, description] as const,
  );
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return [
    `${spec.summary}`,
    '',
    `Usage: ${spec.usage.join('\n')}`,
    ...(rows.length > 0 ? ['', 'Options:', ...rows.map(([f, d]) => `  ${f.padEnd(width)}  ${d}`)] : []),
    ...(spec.notes && spec.notes.length > 0 ? ['', ...spec.notes] : []),
    '',
  ].join('\n');
}

/**
 * A {@link CliCommand} that parses its flags strictly and runs `prepare` before `run` is given the
 * output streams, and reports the errors named in `usageErrors` as wrong usage.
 */
export function defineCommand<const T extends Options, P>(spec: CommandSpec<T, P>): CliCommand {
  const { options, positionals = 0, usageErrors = [] } = spec;
  const asUsage = (error: unknown): unknown =>
    error instanceof Error && usageErrors.some((kind) => error instanceof kind)
      ? new UsageError(error.message, { cause: error })
      : error;
  return {
    name: spec.name,
    summary: spec.summary,
    usage: spec.usage.join('\n'),
    help: helpText(spec),
    async run(args, io: CliIo) {
      const parsed = parseOptions(args, options, positionals);
      let plan: P;
      try {
        plan = await spec.prepare(parsed, io.env);
      } catch (error) {
        throw asUsage(error);
      }
      try {
        return await spec.run(plan, io);
      } catch (error) {
        throw asUsage(error);
      }
    },
  };
}
