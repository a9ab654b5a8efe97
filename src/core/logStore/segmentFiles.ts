import * as fs from 'node:fs';
import * as path from 'node:path';
import { errorMessage } from '../errors';
import type { LogKindName } from './logKind';
import { LogStoreError } from './logStoreError';

/** One JSON Lines file of a stream; higher sequence numbers hold newer records. */
export interface Segment {
  readonly sequence: number;
  readonly file: string;
}

/** A name that looks like a segment but is not a regular file: never read, written or deleted. */
export interface SkippedName {
  readonly file: string;
  readonly warning: string;
}

export interface SegmentListing {
  /** The regular files, oldest first. */
  readonly segments: Segment[];
  readonly skipped: SkippedName[];
  /** The highest sequence any name uses, skipped ones included: new segments are numbered above it. */
  readonly highestSequence: number;
}

const SEGMENT_NAME = /^(deliveries|receipts)\.(\d{6,})\.jsonl$/;
// Absent on Windows, which has no symbolic links to guard against in the same way.
const O_NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;
const { O_WRONLY, O_APPEND, O_CREAT, O_EXCL, O_RDONLY } = fs.constants;

/** The file name of a segment: zero-padded so a plain directory listing sorts by age. */
export function segmentFile(dir: string, kind: LogKindName, sequence: number): string {
  return path.join(dir, `${kind}.${String(sequence).padStart(6, '0')}.jsonl`);
}

function describe(entry: fs.Dirent): string {
  if (entry.isSymbolicLink()) return 'a symbolic link';
  if (entry.isDirectory()) return 'a directory';
  return 'not a regular file';
}

/**
 * The segments of one kind in `dir`, and the names that look like segments but are not regular
 * files (a directory, a symbolic link): those are left alone, since a link could lead the store
 * to write to or cut any file. Other files are ignored.
 * @throws NodeJS.ErrnoException when `dir` cannot be listed.
 */
export function scanSegments(dir: string, kind: LogKindName): SegmentListing {
  const segments: Segment[] = [];
  const skipped: SkippedName[] = [];
  let highestSequence = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const match = SEGMENT_NAME.exec(entry.name);
    if (match?.[1] !== kind || match[2] === undefined) continue;
    const sequence = Number(match[2]);
    const file = path.join(dir, entry.name);
    highestSequence = Math.max(highestSequence, sequence);
    if (entry.isFile()) {
      segments.push({ sequence, file });
      continue;
    }
    const what = describe(entry);
    const replace = entry.isSymbolicLink() ? ' (or replace the link with the file it points to)' : '';
    skipped.push({
      file,
      warning: `${file} is named like a ${kind} log segment but is ${what}: it was skipped, and the log neither reads nor writes it. Remove or rename it${replace}.`,
    });
  }
  segments.sort((a, b) => a.sequence - b.sequence);
  return { segments, skipped, highestSequence };
}

/** The segment files of one kind in `dir`, oldest first. */
export function listSegments(dir: string, kind: LogKindName): Segment[] {
  return scanSegments(dir, kind).segments;
}

/**
 * Opens an existing segment to append to, refusing to follow a symbolic link (one may have
 * replaced the file since the directory was listed).
 * @throws LogStoreError `unsafeSegment` when `file` is a symbolic link, `openFailed` otherwise.
 */
export function openSegmentForAppend(file: string): number {
  try {
    return fs.openSync(file, O_WRONLY | O_APPEND | O_NOFOLLOW);
  } catch (error) {
    throw openError(file, error);
  }
}

/**
 * Creates a new, empty segment to append to. It must not exist yet: whatever holds the name (a
 * link, a directory, a file made by something else) is left alone.
 * @throws LogStoreError `unsafeSegment` when the name is taken, `openFailed` otherwise.
 */
export function createSegment(file: string): number {
  try {
    return fs.openSync(file, O_WRONLY | O_APPEND | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600);
  } catch (error) {
    throw openError(file, error);
  }
}

/** Opens a segment to read records from, never through a symbolic link. */
export function openSegmentForReading(file: string): number {
  return fs.openSync(file, O_RDONLY | O_NOFOLLOW);
}

function openError(file: string, error: unknown): LogStoreError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ELOOP')
    return new LogStoreError(
      'unsafeSegment',
      `Refusing to write to ${file}: it is a symbolic link, and the log never writes through one. Remove or rename it.`,
      { cause: error },
    );
  if (code === 'EEXIST' || code === 'EISDIR')
    return new LogStoreError(
      'unsafeSegment',
      `Cannot start the log segment ${file}: something else already has that name. Remove or rename it.`,
      { cause: error },
    );
  return new LogStoreError(
    'openFailed',
    `Cannot open the log segment ${file}: ${errorMessage(error)}. Check that the directory exists and is writable.`,
    { cause: error },
  );
}
