import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';

/**
 * The only environment a child process of a test gets: PATH, plus what the test names. A
 * developer's own MAKINI_* variables (a webhook secret, credentials, an API URL) would otherwise
 * change what the child does and so what the test sees.
 */
export function childEnv(env: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '', ...env };
}

export interface NodeResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node script ...args` to its end with {@link childEnv}, feeding `stdin`. */
export function runNode(
  script: string,
  args: readonly string[],
  options: { env?: Record<string, string>; stdin?: string } = {},
): Promise<NodeResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { env: childEnv(options.env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

/** A long-running child (a server stopped with a signal), read line by line as it prints. */
export interface RunningNode {
  readonly child: ChildProcessWithoutNullStreams;
  /** Lines printed on stdout so far. */
  readonly lines: string[];
  /**
   * Line `n` (from 0) of stdout, once printed.
   * @throws Error (rejects) when the process exits before printing it, with its stderr.
   */
  line(n: number): Promise<string>;
  stderr(): string;
  /** Resolves with the exit code (null when a signal ended it: see `child.signalCode`). */
  exit(): Promise<number | null>;
}

/** Starts `node script ...args` with {@link childEnv} and leaves it running. */
export function startNode(
  script: string,
  args: readonly string[],
  options: { env?: Record<string, string> } = {},
): RunningNode {
  const child = spawn(process.execPath, [script, ...args], { env: childEnv(options.env) });
  const lines: string[] = [];
  let errors = '';
  let exitCode: number | null | undefined;
  const waiters: { n: number; resolve: (line: string) => void; reject: (error: Error) => void }[] = [];
  const settle = (): void => {
    for (const waiter of waiters.splice(0)) {
      const line = lines[waiter.n];
      if (line !== undefined) waiter.resolve(line);
      else if (exitCode !== undefined) waiter.reject(exitedEarly(waiter.n, exitCode, errors));
      else waiters.push(waiter);
    }
  };
  let buffered = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    let newline: number;
    while ((newline = buffered.indexOf('\n')) !== -1) {
      lines.push(buffered.slice(0, newline));
      buffered = buffered.slice(newline + 1);
    }
    settle();
  });
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
  // 'close', not 'exit': every line the child printed has been read by then.
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      exitCode = code;
      settle();
      resolve(code);
    }),
  );
  const line = (n: number): Promise<string> =>
    new Promise((resolve, reject) => {
      waiters.push({ n, resolve, reject });
      settle();
    });
  return { child, lines, line, stderr: () => errors, exit: () => exited };
}

function exitedEarly(n: number, code: number | null, stderr: string): Error {
  return new Error(`The process exited (${code ?? 'signal'}) before printing line ${n + 1}: ${stderr}`);
}
