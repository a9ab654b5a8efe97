import * as fs from 'node:fs';
import { errorMessage } from '../errors';
import type { LogKindName } from './logKind';
import { LogStoreError } from './logStoreError';
import { type LoadedSegment, openNewestSegment } from './openSegments';
import { createSegment, segmentFile } from './segmentFiles';

export interface SegmentState {
  readonly sequence: number;
  readonly file: string;
  records: number;
  /** Bytes written or queued: where the next line starts. */
  bytes: number;
}

/**
 * The segment files of one stream, oldest first, and the descriptor of the newest, which every
 * write goes to. Segments are only ever created new (never through a link or over a file the
 * store did not make), and numbered above every name already in use.
 */
export class SegmentChain {
  readonly segments: SegmentState[] = [];
  /** Undefined once closed, or after a failed write left the newest segment unusable. */
  private fd: number | undefined;

  constructor(
    private readonly dir: string,
    private readonly kind: LogKindName,
    /** The highest sequence any segment name has used. */
    private highestSequence: number,
    private readonly onWarning: ((message: string) => void) | undefined,
  ) {}

  get newest(): SegmentState | undefined {
    return this.segments.at(-1);
  }

  /** False once closed, or after a failed write: the next record must start a new segment. */
  get writable(): boolean {
    return this.fd !== undefined;
  }

  /**
   * Appends to the newest loaded segment when no name above it is taken, else starts a new one.
   * @throws LogStoreError `unsafeSegment`, `openFailed`; NodeJS.ErrnoException (see {@link openNewestSegment}).
   */
  openForAppend(newest: LoadedSegment | undefined): void {
    if (newest && newest.segment.sequence === this.highestSequence) this.fd = openNewestSegment(newest);
    else this.start();
  }

  /**
   * Creates the next segment and makes it the one written to. On failure nothing changes, but a
   * name found taken is passed over next time.
   * @throws LogStoreError `unsafeSegment` when the name is taken, `openFailed` otherwise.
   */
  start(): void {
    const sequence = this.highestSequence + 1;
    const file = segmentFile(this.dir, this.kind, sequence);
    let fd: number;
    try {
      fd = createSegment(file);
    } catch (error) {
      if (LogStoreError.is(error, 'unsafeSegment')) this.highestSequence = sequence;
      throw error;
    }
    this.highestSequence = sequence;
    this.close();
    this.fd = fd;
    this.segments.push({ sequence, file, records: 0, bytes: 0 });
  }

  /**
   * Passes the newest segment's descriptor to `write`.
   * @throws Error when there is none; whatever `write` throws.
   */
  write(write: (fd: number) => void): void {
    if (this.fd === undefined) throw new Error('the segment is not open');
    write(this.fd);
  }

  /** Cuts the newest segment back to `bytes`, after a write that failed part way or not at all. */
  cutBack(segment: SegmentState, records: number, bytes: number): void {
    segment.records -= records;
    segment.bytes = bytes;
    try {
      if (this.fd !== undefined) fs.ftruncateSync(this.fd, bytes);
    } catch {
      // Part of the write may be left in the file: the next record goes to a new segment instead.
      this.close();
    }
  }

  /** Deletes whole segments while the newer ones still hold `maxRecords`. */
  dropOld(maxRecords: number): void {
    let total = this.segments.reduce((sum, s) => sum + s.records, 0);
    while (this.segments.length > 1) {
      const oldest = this.segments[0];
      if (!oldest || total - oldest.records < maxRecords) break;
      fs.rmSync(oldest.file, { force: true });
      total -= oldest.records;
      this.segments.shift();
    }
  }

  /**
   * Closes and deletes every segment.
   * @throws NodeJS.ErrnoException when one cannot be deleted.
   */
  removeAll(): void {
    this.close();
    for (const segment of this.segments.splice(0)) fs.rmSync(segment.file, { force: true });
  }

  /** Releases the descriptor; a failure to close is a warning. */
  close(): void {
    const fd = this.fd;
    this.fd = undefined;
    if (fd === undefined) return;
    try {
      fs.closeSync(fd);
    } catch (error) {
      this.onWarning?.(`Could not close the ${this.kind} log: ${errorMessage(error)}`);
    }
  }
}
