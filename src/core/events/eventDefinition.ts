import type { SampleRandom } from './sampleRandom';

/** A JSON Schema (draft-07) as a plain object, as ajv and editors read it. */
export type JsonSchema = Readonly<Record<string, unknown>>;

/** What a sample builder may draw on: seeded randomness and the time the event happens. */
export interface SampleContext {
  readonly random: SampleRandom;
  readonly now: Date;
  /** The connection's provider slug, for a sample that names one; drawn at random when absent. */
  readonly provider?: string;
}

/** One event type of the catalog: the single place its name, meaning, schema and sample live. */
export interface EventDefinition<TData = unknown> {
  readonly type: string;
  /** One line, shown by `makini-devtools events` and in the editor. */
  readonly description: string;
  /** The schema of the envelope's `data` for this type. */
  readonly dataSchema: JsonSchema;
  sample(context: SampleContext): TData;
}
