import * as fs from 'node:fs';
import { errorMessage } from '../errors';
import { AppendBatch } from './appendBatch';
import { decodeLine, encodeLine } from './lineFormat';
import type { LogKind, RecordFacets } from './logKind';
import type { LogPage, LogQuery } from './logQuery';
import { LogStoreError } from './logStoreError';
import { loadSegments, type OpenReport } from './openSegments';
import { readLines } from './readSegment';
import { RecordIndex } from './recordIndex';
import { SegmentChain, type SegmentState } from './segmentChain';
import { countOf } from '../text/plural';

export interface LogStoreOptions<T> {
  /** The directory for this store's files (created if missing); other kinds may share it. */
  readonly dir: string;
  readonly kind: LogKind<T>;
  /** How many of the newest records to keep. Default 10,000. */
  readonly maxRecords?: number;
  /**
   * The size a segment stays within: the next record starts a new one rather than cross it (a
   * record larger than this has a segment of its own). Default 64 MiB, far below the 2 GiB a
   * segment can be for {@link LogStore.open} to read it.
   */
  readonly maxSegmentBytes?: number;
  /**
   * Also fsync each write before acknowledging it, so records survive a power cut and not only
   * the death of the process (a written record is already safe in the page cache). Default false.
   */
  readonly fsync?: boolean;
  /** Problems that do not stop the store: unreadable lines or odd files found on open, a failed rotation. */
  readonly onWarning?: (message: string) => void;
}

/** A handle that stops what it was returned for. */
export interface Subscription {
  dispose(): void;
}

/** A record held in memory as its facets and where its line is; the line itself only until written. */
interface StoredEntry {
  readonly facets: RecordFacets;
  readonly segment: SegmentState;
  readonly offset: number;
  readonly length: number;
  line?: string;
}

export const DEFAULT_MAX_RECORDS = 10_000;
export const DEFAULT_MAX_SEGMENT_BYTES = 64 * 1024 * 1024;

/**
 * An append-only, bounded log of one kind of record: JSON Lines segments on disk, the newest
 * `maxRecords` indexed in memory by their facets, each record read from disk when asked for.
 * Appends of one event-loop turn are written together with one system call (group commit), so a
 * busy receiver pays one write per burst rather than one per request, and each append's promise
 * tells its caller when the record is on file.
 */
export class LogStore<T> {
  private readonly index: RecordIndex<StoredEntry>;
  private batch: AppendBatch<StoredEntry> | undefined;
  private flushScheduled: NodeJS.Immediate | undefined;
  private closed = false;
  private readonly segmentRecords: number;
  private readonly maxSegmentBytes: number;

  private constructor(
    private readonly options: LogStoreOptions<T>,
    private readonly maxRecords: number,
    readonly openReport: OpenReport,
    private readonly files: SegmentChain,
  ) {
    // Four segments per retention window: the disk holds at most a quarter more than asked.
    this.segmentRecords = Math.max(1, Math.ceil(maxRecords / 4));
    this.index = new RecordIndex(maxRecords);
    this.maxSegmentBytes = Math.max(1, Math.floor(options.maxSegmentBytes ?? DEFAULT_MAX_SEGMENT_BYTES));
  }

  /**
   * Opens (or creates) the store, reading every segment of the kind. Unreadable lines are
   * skipped and counted in `openReport`, never thrown; a torn last line is cut off and a missing
   * final newline added, so new records start on a line of their own (lines may end in LF or
   * CRLF). A name that looks like a segment but is a directory or a symbolic link is skipped with
   * a warning naming it: the store never reads, writes or deletes through a link, and starts a
   * new segment above it when it is the newest.
   * @throws LogStoreError (`openFailed`) when the directory cannot be created, read or written;
   * (`unsafeSegment`) when the newest segment turns into a link while it is being opened.
   */
  static open<T>(options: LogStoreOptions<T>): LogStore<T> {
    const maxRecords = Math.max(1, Math.floor(options.maxRecords ?? DEFAULT_MAX_RECORDS));
    try {
      fs.mkdirSync(options.dir, { recursive: true });
      const loaded = loadSegments(options.dir, options.kind);
      const files = new SegmentChain(
        options.dir,
        options.kind.name,
        loaded.highestSequence,
        options.onWarning,
      );
      const store = new LogStore(options, maxRecords, loaded.report, files);
      for (const { segment, contents } of loaded.segments) {
        const bytes = contents.validBytes + (contents.needsNewline ? 1 : 0);
        const state: SegmentState = { ...segment, records: contents.lines.length, bytes };
        files.segments.push(state);
        for (const line of contents.lines) {
          store.index.add({ facets: line.facets, segment: state, offset: line.offset, length: line.length });
        }
      }
      files.dropOld(maxRecords);
      files.openForAppend(loaded.segments.at(-1));
      for (const warning of loaded.report.warnings) options.onWarning?.(warning);
      return store;
    } catch (error) {
      if (LogStoreError.is(error)) throw error;
      throw new LogStoreError(
        'openFailed',
        `Cannot open the ${options.kind.name} log in ${options.dir}: ${errorMessage(error)}. Check that the directory exists and is writable.`,
        { cause: error },
      );
    }
  }

  /** Records held (the newest `maxRecords`, counting each stored version). */
  get size(): number {
    return this.index.size;
  }

  /**
   * Appends a record, which queries see at once. The promise resolves once the record's line is
   * written to the file (and fsynced with `fsync: true`): the batch of this event-loop turn is
   * written with one write when the turn ends, or at {@link flush}. A record whose id is
   * already stored supersedes the older version.
   * Rejects with LogStoreError `writeFailed` when the write fails (the whole batch is then
   * forgotten: queries no longer return its records), `closed` after {@link close}.
   */
  append(record: T): Promise<void> {
    if (this.closed) return Promise.reject(this.closedError());
    try {
      const facets = this.options.kind.facets(record);
      const line = encodeLine(facets, record);
      const length = Buffer.byteLength(line);
      const segment = this.segmentFor(length);
      const entry: StoredEntry = { facets, segment, offset: segment.bytes, length, line };
      const batch = (this.batch ??= new AppendBatch(segment.bytes));
      batch.add(entry);
      segment.bytes += length + 1;
      segment.records++;
      this.flushScheduled ??= setImmediate(() => this.flush());
      this.index.add(entry);
      return batch.done;
    } catch (error) {
      return Promise.reject(
        LogStoreError.is(error)
          ? error
          : new LogStoreError(
              'writeFailed',
              `The ${this.options.kind.name} log cannot store the record: ${errorMessage(error)}`,
              { cause: error },
            ),
      );
    }
  }

  /** The newest stored version of the record with this id. */
  get(id: string): T | undefined {
    const entry = this.index.get(id);
    return entry ? this.readRecords([entry])[0] : undefined;
  }

  /** Records newest first, filtered and paged. */
  query(query: LogQuery = {}): LogPage<T> {
    const offset = Math.max(0, query.offset ?? 0);
    const limit = Math.max(0, query.limit ?? 50);
    const { picked, total } = this.index.select(query, offset, limit);
    const records = this.readRecords(picked);
    return { records, total };
  }

  /**
   * Writes the pending batch now and settles its promises. Never throws: a failed write rejects
   * the batch's promises instead.
   */
  flush(): void {
    if (this.flushScheduled) clearImmediate(this.flushScheduled);
    this.flushScheduled = undefined;
    const batch = this.batch;
    if (!batch) return;
    this.batch = undefined;
    const segment = batch.lines[0]?.segment;
    try {
      this.files.write((fd) => batch.write(fd, this.options.fsync === true));
    } catch (error) {
      // Neither queries nor the file keep what was not stored.
      this.index.removeNewest(new Set(batch.lines));
      if (segment) this.files.cutBack(segment, batch.lines.length, batch.start);
      batch.reject(
        new LogStoreError(
          'writeFailed',
          `The ${this.options.kind.name} log could not write ${countOf(batch.lines.length, 'record')} to ${segment?.file ?? this.options.dir}: ${errorMessage(error)}. They were not stored; check that the disk has free space and the file is writable.`,
          { cause: error },
        ),
      );
      return;
    }
    // Once on disk, a record is read back from there: memory holds only its facets.
    for (const entry of batch.lines) entry.line = undefined;
    batch.resolve();
  }

  /**
   * Deletes every record, on disk too, and carries on in a fresh segment (the views' "Clear").
   * @throws LogStoreError (`closed`) after {@link close}; (`openFailed`, `unsafeSegment`) when
   * the fresh segment cannot be made, in which case the next append tries again.
   */
  clear(): void {
    if (this.closed) throw this.closedError();
    this.flush();
    this.files.removeAll();
    this.index.clear();
    this.files.start();
  }

  /** Flushes and releases the file; the store answers queries still but takes no more records. */
  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.files.close();
  }

  private closedError(): LogStoreError {
    return new LogStoreError('closed', `The ${this.options.kind.name} log is closed.`);
  }

  /** The segment a line of `length` bytes goes to, starting a new one when the current is full. */
  private segmentFor(length: number): SegmentState {
    const current = this.files.newest;
    const full =
      current === undefined ||
      current.records >= this.segmentRecords ||
      (current.bytes > 0 && current.bytes + length + 1 > this.maxSegmentBytes);
    if (full || !this.files.writable) {
      try {
        this.flush();
        this.files.start();
        this.files.dropOld(this.maxRecords);
      } catch (error) {
        // A full segment can take one more record; without an open file there is nowhere to write.
        if (!this.files.writable || current === undefined) throw error;
        this.options.onWarning?.(
          `Could not rotate the ${this.options.kind.name} log: ${errorMessage(error)}`,
        );
      }
    }
    const segment = this.files.newest;
    if (!segment) throw this.closedError();
    return segment;
  }

  /** The records of `entries`, in order, each read from its segment; damaged lines are skipped. */
  private readRecords(entries: readonly StoredEntry[]): T[] {
    let lines: string[];
    try {
      lines = readLines(entries);
    } catch (error) {
      this.options.onWarning?.(`Could not read the ${this.options.kind.name} log: ${errorMessage(error)}`);
      return [];
    }
    const records: T[] = [];
    for (const line of lines) {
      const record = decodeLine(this.options.kind, line);
      if (record !== undefined) records.push(record);
    }
    return records;
  }
}
