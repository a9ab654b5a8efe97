import * as path from 'node:path';
import { type NodeResult, runNode, type RunningNode, startNode } from './nodeProcess';
import { repoRoot } from './repo';

/** The built command-line tool (`node esbuild.js` writes it). */
export const CLI = path.join(repoRoot(), 'dist', 'cli.js');

export type CliResult = NodeResult;
export type RunningCli = RunningNode;

/**
 * Runs `makini-devtools` to its end in a child process with only PATH and `env` in its
 * environment (so a developer's own MAKINI_* variables never leak into a test), feeding `stdin`.
 */
export function runCli(
  args: readonly string[],
  options: { env?: Record<string, string>; stdin?: string } = {},
): Promise<CliResult> {
  return runNode(CLI, args, options);
}

/**
 * Starts a long-running `makini-devtools` command (`listen`, `sandbox`) in the same stripped
 * environment; the test stops it with a signal.
 */
export function startCli(
  args: readonly string[],
  options: { env?: Record<string, string> } = {},
): RunningCli {
  return startNode(CLI, args, options);
}

/** `--json` output, one object per line. */
export function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
