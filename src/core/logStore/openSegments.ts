import * as fs from 'node:fs';
import type { LogKind } from './logKind';
import { readSegment, type SegmentContents } from './readSegment';
import { openSegmentForAppend, scanSegments, type Segment } from './segmentFiles';
import { countOf } from '../text/plural';

/** What opening found on disk. */
export interface OpenReport {
  readonly records: number;
  readonly corruptLines: number;
  readonly tornTail: boolean;
  readonly warnings: readonly string[];
}

export interface LoadedSegment {
  readonly segment: Segment;
  readonly contents: SegmentContents;
}

export interface LoadedLog {
  /** Oldest first. */
  readonly segments: LoadedSegment[];
  /** The highest sequence any segment name uses, skipped names included. */
  readonly highestSequence: number;
  readonly report: OpenReport;
}

/**
 * Reads every segment of `kind` in `dir` and reports what was found: unreadable lines, a torn
 * last line, names that look like segments but are not regular files (skipped, with a warning).
 * @throws NodeJS.ErrnoException when the directory or a segment cannot be read.
 */
export function loadSegments<T>(dir: string, kind: LogKind<T>): LoadedLog {
  const listing = scanSegments(dir, kind.name);
  const segments = listing.segments.map((segment) => ({
    segment,
    contents: readSegment(kind, segment.file),
  }));
  const corruptLines = segments.reduce((sum, l) => sum + l.contents.corruptLines, 0);
  const tornTail = segments.at(-1)?.contents.tornTail ?? false;
  const warnings = listing.skipped.map((s) => s.warning);
  const where = `${kind.name} log in ${dir}`;
  if (tornTail)
    warnings.push(`The ${where} ended with a torn record (an interrupted write); it was skipped.`);
  if (corruptLines > 0)
    warnings.push(
      `The ${where} has ${countOf(corruptLines, 'unreadable line')}; ${corruptLines === 1 ? 'it was' : 'they were'} skipped.`,
    );
  const records = segments.reduce((sum, l) => sum + l.contents.lines.length, 0);
  return {
    segments,
    highestSequence: listing.highestSequence,
    report: { records, corruptLines, tornTail, warnings },
  };
}

/**
 * Opens the newest segment to append to, first cutting off a torn last line (it holds nothing
 * readable) and ending the last line, so the next record starts cleanly on a line of its own.
 * Both are done through the descriptor opened without following links.
 * @throws LogStoreError `unsafeSegment` when the file is now a symbolic link, `openFailed` when it
 * cannot be opened; NodeJS.ErrnoException when it cannot be cut or written.
 */
export function openNewestSegment({ segment, contents }: LoadedSegment): number {
  const fd = openSegmentForAppend(segment.file);
  try {
    if (contents.tornTail) fs.ftruncateSync(fd, contents.validBytes);
    if (contents.needsNewline) fs.writeSync(fd, '\n');
    return fd;
  } catch (error) {
    fs.closeSync(fd);
    throw error;
  }
}
