import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface ShellResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `command` in `shell`, typed on its standard input as a pasted command would be (so the
 * command itself is no exec argument, whatever its size), in `cwd`, with HOME there too: no
 * ~/.curlrc or profile of the machine takes part.
 */
export function runInShell(shell: string, command: string, cwd: string): Promise<ShellResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(shell, [], { cwd, env: { PATH: process.env.PATH ?? '', HOME: cwd } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(`${command}\n`);
  });
}

/** The POSIX shells on this machine that a copied command must work in (bash at least). */
export function shells(): string[] {
  const found = ['bash', 'sh', 'zsh'].filter((name) =>
    (process.env.PATH ?? '').split(path.delimiter).some((dir) => fs.existsSync(path.join(dir, name))),
  );
  if (!found.includes('bash')) throw new Error('bash is needed to run the rendered curl commands');
  return found;
}

/** A fresh empty directory; the caller removes it. */
export function emptyDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

// Raw control characters (C0, DEL, C1) that a printed command must never hold.
export const RAW_CONTROL = /[^\u0020-\u007e\u00a0-\uffff]/;
