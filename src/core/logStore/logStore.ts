import * as fs from 'node:fs';
import { errorMessage } from '../errors';
import { decodeLine, encodeLine } from './lineFormat';
import type { LogKind, RecordFacets } from './logKind';
import { type LogPage, type LogQuery, matchesQuery } from './logQuery';
import { LogStoreError } from './logStoreError';
import { readSegment } from './readSegment';
import { listSegments, segmentFile } from './segmentFiles';

export interface LogStoreOptions<T> {
  /** The directory for this store's files (created if missing); other kinds may share it. */
  readonly dir: string;
  readonly kind: LogKind<T>;
  /** How many of the newest records to keep. Default 10,000. */
  readonly maxRecords?: number;
  /** Problems that do not stop the store: corrupt lines found on open, a write that failed. */
  readonly onWarning?: (message: string) => void;
}

/** What opening found on disk. */
export interface OpenReport {
  readonly records: number;
  readonly corruptLines: number;
  readonly tornTail: boolean;
  readonly warnings: readonly string[];
}

export interface Subscription {
  dispose(): void;
}

interface SegmentState {
  readonly sequence: number;
  readonly file: string;
  records: number;
  /** Bytes written or queued: where the next line starts. */
  bytes: number;
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

/**
 * An append-only, bounded log of one kind of record: JSON Lines segments on disk, the newest
 * `maxRecords` indexed in memory by their facets, each record read from disk when asked for.
 * Appends are batched into one write per event-loop turn, so a busy receiver pays one system
 * call per burst rather than one per request.
 */
export class LogStore<T> {
  private readonly segments: SegmentState[] = [];
  // Trimmed from the front by advancing `head`; compacted now and then.
  private readonly entries: (StoredEntry | undefined)[] = [];
  private head = 0;
  private readonly byId = new Map<string, StoredEntry>();
  private readonly listeners = new Set<(record: T) => void>();
  private pending: StoredEntry[] = [];
  private flushScheduled: NodeJS.Immediate | undefined;
  private fd: number | undefined;
  private readonly segmentRecords: number;

  private constructor(
    private readonly options: LogStoreOptions<T>,
    private readonly maxRecords: number,
    readonly openReport: OpenReport,
  ) {
    // Four segments per retention window: the disk holds at most a quarter more than asked.
    this.segmentRecords = Math.max(1, Math.ceil(maxRecords / 4));
  }

  /**
   * Opens (or creates) the store, reading every segment of the kind. Unreadable lines are
   * skipped and counted in `openReport`, never thrown; a torn last line is sealed with a newline
   * so new records start on a line of their own.
   * @throws LogStoreError (`openFailed`) when the directory cannot be created, read or written.
   */
  static open<T>(options: LogStoreOptions<T>): LogStore<T> {
    const maxRecords = Math.max(1, Math.floor(options.maxRecords ?? DEFAULT_MAX_RECORDS));
    try {
      fs.mkdirSync(options.dir, { recursive: true });
      const found = listSegments(options.dir, options.kind.name);
      const loaded = found.map((segment) => ({ segment, contents: readSegment(options.kind, segment.file) }));
      const corruptLines = loaded.reduce((sum, l) => sum + l.contents.corruptLines, 0);
      const last = loaded.at(-1);
      const tornTail = last?.contents.tornTail ?? false;
      // A torn line holds nothing readable: cut it off so the next record starts cleanly.
      if (last && tornTail) fs.truncateSync(last.segment.file, last.contents.validBytes);
      if (last?.contents.needsNewline) fs.appendFileSync(last.segment.file, '\n');
      const warnings: string[] = [];
      const where = `${options.kind.name} log in ${options.dir}`;
      if (tornTail)
        warnings.push(`The ${where} ended with a torn record (an interrupted write); it was skipped.`);
      if (corruptLines > 0)
        warnings.push(`The ${where} has ${corruptLines} unreadable line(s); they were skipped.`);
      const records = loaded.reduce((sum, l) => sum + l.contents.lines.length, 0);
      const store = new LogStore(options, maxRecords, { records, corruptLines, tornTail, warnings });
      for (const { segment, contents } of loaded) {
        const bytes = contents.validBytes + (contents.needsNewline ? 1 : 0);
        const state: SegmentState = { ...segment, records: contents.lines.length, bytes };
        store.segments.push(state);
        for (const line of contents.lines) {
          store.index({ facets: line.facets, segment: state, offset: line.offset, length: line.length });
        }
      }
      store.dropOldSegments();
      store.openCurrentSegment();
      for (const warning of warnings) options.onWarning?.(warning);
      return store;
    } catch (error) {
      if (error instanceof LogStoreError) throw error;
      throw new LogStoreError(
        'openFailed',
        `Cannot open the ${options.kind.name} log in ${options.dir}: ${errorMessage(error)}. Check that the directory exists and is writable.`,
      );
    }
  }

  /** Records held (the newest `maxRecords`, counting each stored version). */
  get size(): number {
    return this.entries.length - this.head;
  }

  /**
   * Appends a record; it is written to disk within this event-loop turn and listeners hear of it
   * at once. A record whose id is already stored supersedes the older version.
   * @throws LogStoreError (`closed`) after {@link close}.
   */
  append(record: T): void {
    if (this.fd === undefined)
      throw new LogStoreError('closed', `The ${this.options.kind.name} log is closed.`);
    const current = this.segments.at(-1);
    if (current && current.records >= this.segmentRecords) {
      try {
        this.rotate();
      } catch (error) {
        this.options.onWarning?.(
          `Could not rotate the ${this.options.kind.name} log: ${errorMessage(error)}`,
        );
      }
    }
    const segment = this.segments.at(-1);
    if (!segment) throw new LogStoreError('closed', `The ${this.options.kind.name} log is closed.`);
    const facets = this.options.kind.facets(record);
    const line = encodeLine(facets, record);
    const length = Buffer.byteLength(line);
    const entry: StoredEntry = { facets, segment, offset: segment.bytes, length, line };
    segment.bytes += length + 1;
    segment.records++;
    this.pending.push(entry);
    this.flushScheduled ??= setImmediate(() => this.flush());
    this.index(entry);
    for (const listener of [...this.listeners]) listener(record);
  }

  /** The newest stored version of the record with this id. */
  get(id: string): T | undefined {
    const entry = this.byId.get(id);
    return entry ? this.readRecords([entry])[0] : undefined;
  }

  /** Records newest first, filtered and paged. */
  query(query: LogQuery = {}): LogPage<T> {
    const offset = Math.max(0, query.offset ?? 0);
    const limit = Math.max(0, query.limit ?? 50);
    const picked: StoredEntry[] = [];
    let total = 0;
    for (let i = this.entries.length - 1; i >= this.head; i--) {
      const entry = this.entries[i];
      if (!entry || this.byId.get(entry.facets.id) !== entry || !matchesQuery(entry.facets, query)) continue;
      if (total >= offset && picked.length < limit) picked.push(entry);
      total++;
    }
    const records = this.readRecords(picked);
    return { records, total };
  }

  /** Calls `listener` with every record appended from now on. */
  subscribe(listener: (record: T) => void): Subscription {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Writes pending records now. A failed write is reported as a warning, never thrown. */
  flush(): void {
    if (this.flushScheduled) clearImmediate(this.flushScheduled);
    this.flushScheduled = undefined;
    if (this.pending.length === 0 || this.fd === undefined) return;
    const written = this.pending;
    this.pending = [];
    try {
      fs.writeSync(this.fd, written.map((e) => `${e.line ?? ''}\n`).join(''));
      // Once on disk, a record is read back from there: memory holds only its facets.
      for (const entry of written) entry.line = undefined;
    } catch (error) {
      this.options.onWarning?.(
        `Could not write to the ${this.options.kind.name} log: ${errorMessage(error)}`,
      );
    }
  }

  /**
   * Deletes every record, on disk too, and carries on in a fresh segment (the views' "Clear").
   * @throws LogStoreError (`closed`) after {@link close}.
   */
  clear(): void {
    if (this.fd === undefined)
      throw new LogStoreError('closed', `The ${this.options.kind.name} log is closed.`);
    this.flush();
    fs.closeSync(this.fd);
    this.fd = undefined;
    // The sequence keeps counting up, so a reader never mistakes a new segment for a removed one.
    const sequence = (this.segments.at(-1)?.sequence ?? 0) + 1;
    for (const segment of this.segments.splice(0)) fs.rmSync(segment.file, { force: true });
    this.entries.length = 0;
    this.head = 0;
    this.byId.clear();
    this.segments.push({
      sequence,
      file: segmentFile(this.options.dir, this.options.kind.name, sequence),
      records: 0,
      bytes: 0,
    });
    this.openCurrentSegment();
  }

  /** Flushes and releases the file; the store answers queries still but takes no more records. */
  close(): void {
    this.flush();
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
    this.listeners.clear();
  }

  private index(entry: StoredEntry): void {
    this.entries.push(entry);
    this.byId.set(entry.facets.id, entry);
    while (this.entries.length - this.head > this.maxRecords) {
      const old = this.entries[this.head];
      if (old && this.byId.get(old.facets.id) === old) this.byId.delete(old.facets.id);
      this.entries[this.head] = undefined;
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries.splice(0, this.head);
      this.head = 0;
    }
  }

  /** The records of `entries`, in order, reading each line from its segment; damaged lines are skipped. */
  private readRecords(entries: readonly StoredEntry[]): T[] {
    const records: T[] = [];
    const fds = new Map<string, number>();
    try {
      for (const entry of entries) {
        let line = entry.line;
        if (line === undefined) {
          let fd = fds.get(entry.segment.file);
          if (fd === undefined) {
            fd = fs.openSync(entry.segment.file, 'r');
            fds.set(entry.segment.file, fd);
          }
          const buffer = Buffer.alloc(entry.length);
          fs.readSync(fd, buffer, 0, entry.length, entry.offset);
          line = buffer.toString('utf8');
        }
        const record = decodeLine(this.options.kind, line);
        if (record !== undefined) records.push(record);
      }
    } catch (error) {
      this.options.onWarning?.(`Could not read the ${this.options.kind.name} log: ${errorMessage(error)}`);
    } finally {
      for (const fd of fds.values()) fs.closeSync(fd);
    }
    return records;
  }

  private rotate(): void {
    this.flush();
    if (this.fd !== undefined) fs.closeSync(this.fd);
    const sequence = (this.segments.at(-1)?.sequence ?? 0) + 1;
    this.segments.push({
      sequence,
      file: segmentFile(this.options.dir, this.options.kind.name, sequence),
      records: 0,
      bytes: 0,
    });
    this.dropOldSegments();
    this.openCurrentSegment();
  }

  private openCurrentSegment(): void {
    if (this.segments.length === 0) {
      this.segments.push({
        sequence: 1,
        file: segmentFile(this.options.dir, this.options.kind.name, 1),
        records: 0,
        bytes: 0,
      });
    }
    const current = this.segments.at(-1);
    if (current) this.fd = fs.openSync(current.file, 'a', 0o600);
  }

  /** Deletes whole segments while the newer ones still hold `maxRecords`. */
  private dropOldSegments(): void {
    let total = this.segments.reduce((sum, s) => sum + s.records, 0);
    while (this.segments.length > 1) {
      const oldest = this.segments[0];
      if (!oldest || total - oldest.records < this.maxRecords) break;
      fs.rmSync(oldest.file, { force: true });
      total -= oldest.records;
      this.segments.shift();
    }
  }
}
