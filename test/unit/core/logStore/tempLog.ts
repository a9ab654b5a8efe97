import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LogStore, type LogStoreOptions } from '../../../../src/core/logStore/logStore';
import { type Note, noteKind } from './noteKind';

/** A temporary directory of note logs, and the stores opened on it, all closed and removed by `dispose`. */
export class TempLog {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'makini-log-'));
  readonly warnings: string[] = [];
  private readonly stores: LogStore<Note>[] = [];

  open(options: Partial<Omit<LogStoreOptions<Note>, 'dir' | 'kind'>> = {}): LogStore<Note> {
    const store = LogStore.open({
      dir: this.dir,
      kind: noteKind,
      onWarning: (w) => this.warnings.push(w),
      ...options,
    });
    this.stores.push(store);
    return store;
  }

  path(name: string): string {
    return path.join(this.dir, name);
  }

  /** The directory's entries, sorted. */
  names(): string[] {
    return fs.readdirSync(this.dir).sort();
  }

  dispose(): void {
    for (const store of this.stores.splice(0)) store.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The first segment of the notes' stream, as the store names it. */
export const FIRST_SEGMENT = 'receipts.000001.jsonl';
