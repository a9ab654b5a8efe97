import * as fs from 'node:fs';
import type { LogKind, RecordFacets } from './logKind';
import { decodeLine, facetsSpan, parseFacetsSpans, type Span } from './lineFormat';
import { openSegmentForReading } from './segmentFiles';

/** Where a record's line lies in its segment file. */
export interface LineLocation {
  readonly facets: RecordFacets;
  readonly offset: number;
  readonly length: number;
}

export interface SegmentContents {
  readonly lines: LineLocation[];
  /** Lines whose facets could not be read (records are checked again when read). */
  readonly corruptLines: number;
  /** The file ended with a partial line (an interrupted write), which cannot be read. */
  readonly tornTail: boolean;
  /** Bytes up to the end of the last readable line: the file is cut back to this when torn. */
  readonly validBytes: number;
  /** The last line is complete but lacks its newline: one must be added before appending. */
  readonly needsNewline: boolean;
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Reads where each line of a segment is and its facets, skipping what cannot be read instead of
 * failing on it: a crash mid-write leaves a torn last line, a damaged disk garbage anywhere.
 * Lines may end with LF or CRLF; a line's location never includes its CR.
 * @throws NodeJS.ErrnoException when the file cannot be read at all.
 */
export function readSegment<T>(kind: LogKind<T>, file: string): SegmentContents {
  const buffer = fs.readFileSync(file);
  const found: { offset: number; length: number }[] = [];
  const spans: Span[] = [];
  let corruptLines = 0;
  let tail: LineLocation | undefined;
  let tornTail = false;
  let validBytes = buffer.length;
  for (let start = 0; start < buffer.length;) {
    const newline = buffer.indexOf(NEWLINE, start);
    const last = newline === -1;
    const next = last ? buffer.length : newline + 1;
    // A file edited on Windows ends its lines with CRLF: the CR is not part of the record.
    let end = last ? buffer.length : newline;
    if (end > start && buffer[end - 1] === CARRIAGE_RETURN) end--;
    if (end > start) {
      if (last) {
        // The unterminated tail is parsed whole: its facets could be complete while its record is not.
        const record = decodeLine(kind, buffer.toString('utf8', start, end));
        if (record === undefined) [tornTail, validBytes] = [true, start];
        else tail = { facets: kind.facets(record), offset: start, length: end - start };
      } else {
        const span = facetsSpan(buffer, start, end);
        if (span) {
          spans.push(span);
          found.push({ offset: start, length: end - start });
        } else corruptLines++;
      }
    }
    start = next;
  }
  const lines: LineLocation[] = [];
  parseFacetsSpans(buffer, spans).forEach((facets, i) => {
    const at = found[i];
    if (facets && at) lines.push({ facets, offset: at.offset, length: at.length });
    else corruptLines++;
  });
  if (tail) lines.push(tail);
  // Whatever the kept bytes end with (a record, a lone CR), the next line must start on a line of its own.
  const needsNewline = validBytes > 0 && buffer[validBytes - 1] !== NEWLINE;
  return { lines, corruptLines, tornTail, validBytes, needsNewline };
}

/** Where a stored line is, and its text while it is held in memory. */
export interface LinePlace {
  readonly segment: { readonly file: string };
  readonly offset: number;
  readonly length: number;
  readonly line?: string;
}

/**
 * The text of each line, in order: held ones from memory, the others read from their segments
 * (one descriptor per file, never through a link).
 * @throws NodeJS.ErrnoException when a segment cannot be read.
 */
export function readLines(places: readonly LinePlace[]): string[] {
  const fds = new Map<string, number>();
  try {
    return places.map(({ segment, offset, length, line }) => {
      if (line !== undefined) return line;
      let fd = fds.get(segment.file);
      if (fd === undefined) {
        fd = openSegmentForReading(segment.file);
        fds.set(segment.file, fd);
      }
      const buffer = Buffer.alloc(length);
      fs.readSync(fd, buffer, 0, length, offset);
      return buffer.toString('utf8');
    });
  } finally {
    for (const fd of fds.values()) fs.closeSync(fd);
  }
}
