import type Ajv from 'ajv';
import type { JsonSchema } from './documentDefects';
import { EamData } from './eamData';
import { RecordGenerator } from './eamRecords';
import { OperationTable } from './operations';

/** A few hundred records per larger collection, per connection. */
export const DEFAULT_RECORDS = 300;
/** The most `records` takes: keys hold a record's index in seven digits. */
export const MAX_RECORDS = 1_000_000;

export interface SandboxDataOptions {
  readonly seed: number;
  readonly records: number;
  /** The moment generated dates lead up to. */
  readonly anchorMs: number;
  /** The connections there are at the start, in order: each one's place is part of its keys. */
  readonly connectionKeys: readonly string[];
}

let documents: { readonly system: unknown; readonly eam: unknown } | undefined;
let ajv: Ajv | undefined;

/** Makini's documents and ajv, loaded on first use (dist/vendor/, see esbuild.js). */
function loadDocuments(): { readonly system: unknown; readonly eam: unknown } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose: 600 kB
  documents ??= (require('../../vendor/openApiDocumentsModule') as { openApiDocuments: typeof documents })
    .openApiDocuments;
  return documents ?? { system: {}, eam: {} };
}

function sharedAjv(): Ajv {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose, as validation.ts does
  ajv ??= (require('../../vendor/ajvModule') as { createAjv: () => Ajv }).createAjv();
  return ajv;
}

let sharedTable: OperationTable | undefined;

/** The operations of both documents (one table for every sandbox in the process). */
export function operationTable(): OperationTable {
  sharedTable ??= new OperationTable(loadDocuments(), sharedAjv);
  return sharedTable;
}

/** Every connection's EAM data, made when a connection is first asked for. */
export class SandboxData {
  private readonly ordinals = new Map<string, number>();
  private readonly data = new Map<string, EamData>();
  private readonly metadataOf = new Map<string, Readonly<Record<string, string>>>();

  constructor(readonly options: SandboxDataOptions) {
    for (const key of options.connectionKeys) this.register(key);
  }

  /** Gives a new connection the next place (places are never reused: keys stay unique). */
  register(key: string): void {
    if (!this.ordinals.has(key)) this.ordinals.set(key, this.ordinals.size);
  }

  /** A connection's data. */
  of(connectionKey: string): EamData {
    let found = this.data.get(connectionKey);
    if (!found) {
      this.register(connectionKey);
      const ordinal = this.ordinals.get(connectionKey) ?? 0;
      const table = operationTable();
      const generator = new RecordGenerator({
        seed: this.options.seed,
        ordinal,
        records: this.options.records,
        anchorMs: this.options.anchorMs,
        component: (schema: string): JsonSchema => table.component(schema),
      });
      found = new EamData(generator, ordinal);
      this.data.set(connectionKey, found);
    }
    return found;
  }

  /** A connection's metadata (POST /api/system/connections/{id}/metadata), key to value. */
  metadata(connectionKey: string): Readonly<Record<string, string>> {
    return this.metadataOf.get(connectionKey) ?? {};
  }

  /** Adds to (or replaces entries of) a connection's metadata. */
  setMetadata(connectionKey: string, entries: Readonly<Record<string, string>>): void {
    this.metadataOf.set(connectionKey, { ...this.metadata(connectionKey), ...entries });
  }

  /** Forgets a deleted connection's data (its place stays taken). */
  forget(connectionKey: string): void {
    this.data.delete(connectionKey);
    this.metadataOf.delete(connectionKey);
  }
}
