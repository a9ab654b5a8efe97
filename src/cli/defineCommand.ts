import { type CliCommand, type CliIo, UsageError } from './cliCommand';
import { type Options, type ParsedOptions, parseOptions } from './parseOptions';

/** A class of errors, matched with `instanceof`. */
export type ErrorClass = abstract new (...args: never[]) => Error;

export interface CommandSpec<T extends Options> {
  readonly name: string;
  readonly summary: string;
  /** The usage text, one entry a line. */
  readonly usage: readonly string[];
  /** The flags the command takes; any other flag is wrong usage. */
  readonly options: T;
  /** How many positional arguments it takes; more are wrong usage. None unless given. */
  readonly positionals?: number;
  /**
   * Errors from core that mean the command line asked for something that cannot be done (a bad
   * URL, an unusable secret): the CLI shows their message with the usage and exits 2.
   */
  readonly usageErrors?: readonly ErrorClass[];
  /** Runs with the parsed command line; resolves to the exit code. */
  run(parsed: ParsedOptions<T>, io: CliIo): number | Promise<number>;
}

/**
 * A {@link CliCommand} that parses its flags strictly before `run` sees them, and reports the
 * errors named in `usageErrors` as wrong usage.
 */
export function defineCommand<const T extends Options>(spec: CommandSpec<T>): CliCommand {
  const { options, positionals = 0, usageErrors = [] } = spec;
  return {
    name: spec.name,
    summary: spec.summary,
    usage: spec.usage.join('\n'),
    async run(args, io) {
      const parsed = parseOptions(args, options, positionals);
      try {
        return await spec.run(parsed, io);
      } catch (error) {
        if (error instanceof Error && usageErrors.some((kind) => error instanceof kind)) {
          throw new UsageError(error.message, { cause: error });
        }
        throw error;
      }
    },
  };
}
