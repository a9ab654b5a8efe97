import * as fs from 'node:fs';
import type { LogKind, RecordFacets } from './logKind';

/** A record as the store holds it: its JSON line, parsed again only when read. */
export interface StoredEntry {
  readonly line: string;
  readonly facets: RecordFacets;
}

export interface SegmentContents {
  readonly entries: StoredEntry[];
  /** Lines that were not JSON or not a valid record. */
  readonly corruptLines: number;
  /** The file does not end with a newline: a write was cut short (e.g. the process was killed). */
  readonly unterminated: boolean;
  /** The unterminated tail could not be read as a record. */
  readonly tornTail: boolean;
}

/** Parses one line; `undefined` when it is not a valid record of the kind. */
export function parseLine<T>(
  kind: LogKind<T>,
  line: string,
): { record: T; facets: RecordFacets } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  const record = kind.parse(value);
  if (record === undefined) return undefined;
  return { record, facets: kind.facets(record) };
}

/**
 * Reads a segment, skipping what cannot be read instead of failing on it: a crash mid-write
 * leaves a torn last line, and a damaged disk can leave garbage anywhere.
 * @throws NodeJS.ErrnoException when the file cannot be read at all.
 */
export function readSegment<T>(kind: LogKind<T>, file: string): SegmentContents {
  const text = fs.readFileSync(file, 'utf8');
  const unterminated = text.length > 0 && !text.endsWith('\n');
  const entries: StoredEntry[] = [];
  let corruptLines = 0;
  let tornTail = false;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    const last = end === -1;
    if (last) end = text.length;
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (line === '') continue;
    const parsed = parseLine(kind, line);
    if (parsed) entries.push({ line, facets: parsed.facets });
    else if (last && unterminated) tornTail = true;
    else corruptLines++;
  }
  return { entries, corruptLines, unterminated, tornTail };
}
