/** Where a CLI command writes and what it reads from its environment (replaced in tests). */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
}

export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  /** The synopsis, shown with a usage error. */
  readonly usage: string;
  /** The synopsis, every flag with its default, and the notes: what `--help` prints. */
  readonly help: string;
  /** Runs the command with the arguments after its name; resolves to the process exit code. */
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/** Wrong usage: the CLI prints the message and the command's usage, and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Exit codes shared by every command. */
export const ExitCode = { ok: 0, failed: 1, usage: 2 } as const;
