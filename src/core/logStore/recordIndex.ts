import type { RecordFacets } from './logKind';
import { type LogQuery, matchesQuery } from './logQuery';

/**
 * The newest `capacity` entries of a log in append order, and the newest version of each id.
 * An entry is current while no newer one has its id.
 */
export class RecordIndex<E extends { readonly facets: RecordFacets }> {
  // Trimmed from the front by advancing `head`; compacted now and then.
  private readonly entries: (E | undefined)[] = [];
  private head = 0;
  private readonly byId = new Map<string, E>();

  constructor(private readonly capacity: number) {}

  /** Entries held, superseded versions included. */
  get size(): number {
    return this.entries.length - this.head;
  }

  /** Adds the newest entry, dropping the oldest beyond the capacity. */
  add(entry: E): void {
    this.entries.push(entry);
    this.byId.set(entry.facets.id, entry);
    while (this.entries.length - this.head > this.capacity) {
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

  get(id: string): E | undefined {
    return this.byId.get(id);
  }

  /** The current entries that match, newest first: `total` of them, `picked` from `offset` up to `limit`. */
  select(query: LogQuery, offset: number, limit: number): { picked: E[]; total: number } {
    const picked: E[] = [];
    let total = 0;
    for (let i = this.entries.length - 1; i >= this.head; i--) {
      const entry = this.entries[i];
      if (!entry || this.byId.get(entry.facets.id) !== entry || !matchesQuery(entry.facets, query)) continue;
      if (total >= offset && picked.length < limit) picked.push(entry);
      total++;
    }
    return { picked, total };
  }

  /**
   * Takes back the newest entries, those in `removed` (a batch that was never stored): an older
   * version one of them superseded is current again, if still held.
   */
  removeNewest(removed: ReadonlySet<E>): void {
    while (this.entries.length > this.head) {
      const last = this.entries[this.entries.length - 1];
      if (!last || !removed.has(last)) break;
      this.entries.pop();
    }
    const lost = new Set<string>();
    for (const entry of removed) {
      if (this.byId.get(entry.facets.id) !== entry) continue;
      this.byId.delete(entry.facets.id);
      lost.add(entry.facets.id);
    }
    for (let i = this.entries.length - 1; i >= this.head && lost.size > 0; i--) {
      const entry = this.entries[i];
      if (entry && lost.delete(entry.facets.id)) this.byId.set(entry.facets.id, entry);
    }
  }

  clear(): void {
    this.entries.length = 0;
    this.head = 0;
    this.byId.clear();
  }
}
