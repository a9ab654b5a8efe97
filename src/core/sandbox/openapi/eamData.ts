import { eamCollectionByCode, type EamCollection } from './eamCatalog';
import { parseKey, type EamRecord, type RecordGenerator } from './eamRecords';

/**
 * One connection's EAM data: the generated records (made on demand, never kept) and what writes
 * changed or added, which is all it stores. Record `index` of a collection is the written one if
 * there is one, else the generated one.
 */
export class EamData {
  private readonly written = new Map<string, EamRecord>();
  private readonly added = new Map<string, number>();

  constructor(
    readonly generator: RecordGenerator,
    private readonly ordinal: number,
  ) {}

  /** How many records `collection` holds now. */
  size(collection: EamCollection): number {
    return this.generator.baseSize(collection) + (this.added.get(collection.name) ?? 0);
  }

  /** Record `index`, or undefined past the end. */
  record(collection: EamCollection, index: number): EamRecord | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.size(collection)) return undefined;
    return (
      this.written.get(this.generator.keyOf(collection, index)) ?? this.generator.generate(collection, index)
    );
  }

  /** Records `start` to `end` (exclusive). */
  slice(collection: EamCollection, start: number, end: number): EamRecord[] {
    const out: EamRecord[] = [];
    for (let i = Math.max(0, start); i < Math.min(end, this.size(collection)); i++) {
      const record = this.record(collection, i);
      if (record) out.push(record);
    }
    return out;
  }

  /** Every record of `collection`, for filters and sorts. */
  all(collection: EamCollection): EamRecord[] {
    return this.slice(collection, 0, this.size(collection));
  }

  /** Where the record with `key` is, if it is one of this connection's records of `collection`. */
  find(collection: EamCollection, key: string): { index: number; record: EamRecord } | undefined {
    const parts = parseKey(key);
    if (!parts || parts.code !== collection.code || parts.ordinal !== this.ordinal) return undefined;
    const record = this.record(collection, parts.index);
    return record && { index: parts.index, record };
  }

  /** Whether `key` is one of this connection's records, in any collection. */
  holds(key: string): boolean {
    const collection = eamCollectionByCode(parseKey(key)?.code ?? -1);
    return collection !== undefined && this.find(collection, key) !== undefined;
  }

  /** The index the next added record of `collection` takes (reserved by {@link store}). */
  nextIndex(collection: EamCollection): number {
    return this.size(collection);
  }

  /** Keeps `record` as record `index` (which may be {@link nextIndex}: then it is added). */
  store(collection: EamCollection, index: number, record: EamRecord): void {
    if (index === this.size(collection))
      this.added.set(collection.name, (this.added.get(collection.name) ?? 0) + 1);
    this.written.set(this.generator.keyOf(collection, index), record);
  }
}
