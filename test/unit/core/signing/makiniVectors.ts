import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../../../support/repo';

/** The vectors python3 computed with Makini's Python sample (test/fixtures/signing/makiniVectors.py). */
export interface MakiniVectors {
  readonly secret: string;
  readonly body: string;
  readonly raw: { readonly hex: string; readonly base64: string };
  readonly json: { readonly hex: string; readonly base64: string };
}

const DIR = path.join(repoRoot(), 'test', 'fixtures', 'signing');
export const VECTORS_SCRIPT = path.join(DIR, 'makiniVectors.py');

export function makiniVectors(): MakiniVectors {
  return JSON.parse(fs.readFileSync(path.join(DIR, 'makiniVectors.json'), 'utf8')) as MakiniVectors;
}

/** What the script prints now, or undefined when there is no python3 on this machine. */
export function vectorsFromPython(): MakiniVectors | undefined {
  const run = spawnSync('python3', [VECTORS_SCRIPT], { encoding: 'utf8' });
  if (run.error !== undefined) return undefined;
  if (run.status !== 0) throw new Error(`python3 ${VECTORS_SCRIPT} failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as MakiniVectors;
}
