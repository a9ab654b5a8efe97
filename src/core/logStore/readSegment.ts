import * as fs from 'node:fs';
import type { LogKind, RecordFacets } from './logKind';
import { decodeLine, facetsSpan, parseFacetsSpans, type Span } from './lineFormat';

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

/**
 * Reads where each line of a segment is and its facets, skipping what cannot be read instead of
 * failing on it: a crash mid-write leaves a torn last line, a damaged disk garbage anywhere.
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
    let end = buffer.indexOf(NEWLINE, start);
    const last = end === -1;
    if (last) end = buffer.length;
    if (end > start && !(end === start + 1 && buffer[start] === 0x0d)) {
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
    start = end + 1;
  }
  const lines: LineLocation[] = [];
  parseFacetsSpans(buffer, spans).forEach((facets, i) => {
    const at = found[i];
    if (facets && at) lines.push({ facets, offset: at.offset, length: at.length });
    else corruptLines++;
  });
  if (tail) lines.push(tail);
  return { lines, corruptLines, tornTail, validBytes, needsNewline: tail !== undefined };
}
