import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LogKindName } from './logKind';

/** One JSON Lines file of a stream; higher sequence numbers hold newer records. */
export interface Segment {
  readonly sequence: number;
  readonly file: string;
}

const SEGMENT_NAME = /^(deliveries|receipts)\.(\d{6,})\.jsonl$/;

/** The file name of a segment: zero-padded so a plain directory listing sorts by age. */
export function segmentFile(dir: string, kind: LogKindName, sequence: number): string {
  return path.join(dir, `${kind}.${String(sequence).padStart(6, '0')}.jsonl`);
}

/** The segments of one kind in `dir`, oldest first. Other files are ignored. */
export function listSegments(dir: string, kind: LogKindName): Segment[] {
  const segments: Segment[] = [];
  for (const name of fs.readdirSync(dir)) {
    const match = SEGMENT_NAME.exec(name);
    if (match?.[1] === kind && match[2] !== undefined) {
      segments.push({ sequence: Number(match[2]), file: path.join(dir, name) });
    }
  }
  return segments.sort((a, b) => a.sequence - b.sequence);
}
