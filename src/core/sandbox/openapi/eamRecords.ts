import { seededRandom, type RandomSource } from '../../random/seededRandom';
import { branchOf, conform, typesOf } from './conform';
import type { JsonSchema } from './documentDefects';
import {
  DONE_STATUSES,
  eamCollection,
  LINES_PER_ORDER,
  NESTED_CODES,
  referencedCollection,
  STATUS_NAMES,
  type EamCollection,
} from './eamCatalog';
import { displayName, isNumericField, numberFor, textFor, workTitle } from './eamValues';

export type EamRecord = Record<string, unknown>;

/** What generating one connection's records needs. */
export interface GeneratorContext {
  /** The sandbox's seed: the same seed gives the same data. */
  readonly seed: number;
  /** The connection's place among all connections: part of every key it holds. */
  readonly ordinal: number;
  /** The size of the larger collections (a few hundred by default). */
  readonly records: number;
  /** Dates are drawn in the two years before this moment. */
  readonly anchorMs: number;
  /** A component of oas3_eam.json as a strict answer schema. */
  readonly component: (schema: string) => JsonSchema;
}

/**
 * A key in the documents' shape (`06000223041215`: digits only): the collection's two-digit code,
 * the connection's ordinal in five digits, the record's index in seven. No two records of the
 * sandbox share a key, and a key says where its record is.
 */
export function keyFor(code: number, ordinal: number, index: number): string {
  return `${code}${String(ordinal).padStart(5, '0')}${String(index).padStart(7, '0')}`;
}

/** The parts of a key made by {@link keyFor}, or undefined for any other text. */
export function parseKey(key: string): { code: number; ordinal: number; index: number } | undefined {
  if (!/^\d{14,20}$/.test(key)) return undefined;
  return { code: Number(key.slice(0, 2)), ordinal: Number(key.slice(2, -7)), index: Number(key.slice(-7)) };
}

/** A 32-bit hash of a few numbers (murmur3's finalizer over each). */
function mix(...parts: readonly number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    h = Math.imul(h ^ (part >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

function fieldHash(field: string): number {
  let h = 0;
  for (let i = 0; i < field.length; i++) h = Math.imul(h, 31) + field.charCodeAt(i);
  return h >>> 0;
}

const DAY_MS = 86_400_000;
const NAME_SALT = 7;

/** ISO 8601 to the second (`2025-08-29T10:15:00Z`). */
function iso(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** Each schema's fields, listed once: every record of a collection walks the same ones. */
const fieldsOf = new WeakMap<JsonSchema, readonly (readonly [string, EamRecord])[]>();

function schemaFields(schema: JsonSchema): readonly (readonly [string, EamRecord])[] {
  let fields = fieldsOf.get(schema);
  if (!fields) {
    const properties = isRecord(schema.properties) ? schema.properties : {};
    fields = Object.entries(properties).filter((entry): entry is [string, EamRecord] => isRecord(entry[1]));
    fieldsOf.set(schema, fields);
  }
  return fields;
}

function isRecord(value: unknown): value is EamRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One record being generated. */
interface Draft {
  readonly collection: string;
  readonly index: number;
  readonly key: string;
  readonly random: RandomSource;
  readonly createdMs: number;
}

/**
 * Generates a connection's EAM records from oas3_eam.json's component schemas, lazily: record
 * `index` of a collection is the same every time it is asked for, and nothing is kept. References
 * are drawn among the records that exist, and chained where they must agree: a work order's
 * location is its asset's, its site the location's; a purchase order's line items are the records
 * of `purchase-orders.line-items` that carry its keys.
 */
export class RecordGenerator {
  constructor(private readonly ctx: GeneratorContext) {}

  /** How many generated records `collection` has. */
  baseSize(collection: EamCollection): number {
    return collection.size(this.ctx.records);
  }

  keyOf(collection: EamCollection, index: number): string {
    return keyFor(collection.code, this.ctx.ordinal, index);
  }

  /** Record `index` of `collection`, generated. */
  generate(collection: EamCollection, index: number): EamRecord {
    const schema = this.ctx.component(collection.schema);
    return this.object(schema, this.draft(collection, index));
  }

  /** The record as another component shows it (a Part as `Material`, a LineItem as `POLineItem`). */
  project(collection: EamCollection, index: number, record: EamRecord, schema: string): EamRecord {
    const shape = this.ctx.component(schema);
    const generated = this.object(shape, this.draft(collection, index));
    return conform(record, shape, generated) as EamRecord;
  }

  /** The index of the record `field` of record `index` of `from` points at. */
  refIndex(from: string, index: number, field: string): number {
    const target = eamCollection(referencedCollection(from, field) ?? '');
    if (!target) return 0;
    if (from === 'work-orders/materials' || from === 'purchase-orders.line-items') {
      const order = Math.floor(index / LINES_PER_ORDER);
      const owner = from === 'work-orders/materials' ? 'work-orders' : 'purchase-orders';
      if (field === 'workOrderKey') return order;
      if (this.has(owner, field) && field !== 'statusKey') return this.refIndex(owner, order, field);
    }
    if (field === 'siteKey' && from !== 'locations' && this.has(from, 'locationKey'))
      return this.refIndex('locations', this.refIndex(from, index, 'locationKey'), 'siteKey');
    if (field === 'locationKey' && from !== 'assets' && this.has(from, 'assetKey'))
      return this.refIndex('assets', this.refIndex(from, index, 'assetKey'), 'locationKey');
    const size = this.baseSize(target);
    const drawn =
      mix(this.ctx.seed, this.ctx.ordinal, target.code, index, fieldHash(`${from}.${field}`)) % size;
    return field === 'parentKey' && drawn === index ? (drawn + 1) % size : drawn;
  }

  /** The key `field` of record `index` of `from` holds. */
  refKey(from: string, index: number, field: string): string | undefined {
    const target = eamCollection(referencedCollection(from, field) ?? '');
    return target && this.keyOf(target, this.refIndex(from, index, field));
  }

  /** The name of record `index` of `collection`, the same in the record and wherever it is named. */
  nameOf(collection: string, index: number): string {
    const code = eamCollection(collection)?.code ?? 0;
    const random = seededRandom(mix(this.ctx.seed, this.ctx.ordinal, code, index, NAME_SALT));
    const statuses = STATUS_NAMES[collection];
    return statuses
      ? (statuses[index % statuses.length] ?? statuses[0])
      : displayName(collection, index, random);
  }

  private has(collection: string, field: string): boolean {
    const schema = eamCollection(collection)?.schema;
    const properties = schema === undefined ? undefined : this.ctx.component(schema).properties;
    return isRecord(properties) && field in properties;
  }

  private draft(collection: EamCollection, index: number): Draft {
    const random = seededRandom(mix(this.ctx.seed, this.ctx.ordinal, collection.code, index));
    const createdMs = this.ctx.anchorMs - Math.floor((2 + random() * 700) * DAY_MS);
    return { collection: collection.name, index, key: this.keyOf(collection, index), random, createdMs };
  }

  private object(schema: JsonSchema, draft: Draft): EamRecord {
    const out: EamRecord = {};
    for (const [field, child] of schemaFields(schema)) out[field] = this.field(field, child, draft);
    return out;
  }

  private statusName(draft: Draft): string | undefined {
    const list = referencedCollection(draft.collection, 'statusKey') ?? '';
    if (!this.has(draft.collection, 'statusKey')) return undefined;
    return this.nameOf(list, this.refIndex(draft.collection, draft.index, 'statusKey'));
  }

  private field(field: string, schema: JsonSchema, draft: Draft): unknown {
    const types = typesOf(schema);
    const nullable = types.includes('null');
    const { random, index } = draft;
    if (field === 'key') return draft.key;
    if (nullable) {
      // NULL_BY_NATURE (documentDefects.ts): null where the record's nature says so.
      if (field === 'deletedAt' || field === 'deactivatedAt') return null;
      if (field === 'completedAt' && !DONE_STATUSES.has(this.statusName(draft) ?? '')) return null;
      if (field === 'parentKey' && index % 3 !== 1) return null;
      if ((field === 'approvedAt' || field === 'endedAt' || field === 'finishedAt') && random() < 0.4)
        return null;
    }
    const type = types.find((t) => t !== 'null');
    switch (type) {
      case 'string':
        return this.text(field, schema, draft);
      case 'number':
        return numberFor(field, random);
      case 'integer':
        return Math.round(numberFor(field, random));
      case 'boolean':
        return field === 'isActive' ? random() < 0.9 : field === 'isDefault' ? index === 0 : random() < 0.5;
      case 'array':
        return this.list(field, branchOf(schema, 'array'), draft);
      case 'object':
        return this.nested(field, branchOf(schema, 'object'), draft);
      default:
        return null;
    }
  }

  private text(field: string, schema: JsonSchema, draft: Draft): string {
    const { random, index, collection } = draft;
    if (field.endsWith('Key') || field.endsWith('Keys')) {
      const key = this.refKey(collection, index, field);
      if (key !== undefined) return key;
    }
    if (/(At|Date)$/.test(field)) return iso(this.date(field, draft));
    switch (field) {
      case 'name':
        return this.nameOf(collection, index);
      case 'title':
        return this.title(draft);
      case 'code':
      case 'orderNo':
      case 'subCode':
        return `${collection.slice(0, 2).toUpperCase()}-${10_000 + index}`;
      case 'status':
        return this.statusName(draft) ?? 'Active';
      case 'email':
      case 'emails':
        return `maintenance${index + 1}@plant.example`;
      case 'url':
        return `https://files.example/${draft.key}.pdf`;
      case 'scope':
        return collection;
      case 'materialCount':
        return String(LINES_PER_ORDER);
      default:
        break;
    }
    if (isNumericField(field)) return String(numberFor(field, random));
    const text = textFor(field, random, index);
    if (text !== undefined) return text;
    const example: unknown = Array.isArray(schema.examples) ? (schema.examples as unknown[])[0] : undefined;
    if (typeof example === 'string') {
      return /^\d+$/.test(example)
        ? String(Math.floor(random() * 10 ** example.length)).padStart(example.length, '0')
        : example;
    }
    return `${field} ${index + 1}`;
  }

  private title(draft: Draft): string {
    const { collection, index, random } = draft;
    if (this.has(collection, 'assetKey'))
      return workTitle(random, this.nameOf('assets', this.refIndex(collection, index, 'assetKey')));
    if (collection === 'purchase-orders') return `Spare parts order ${index + 1}`;
    if (collection === 'return-orders') return `Return of faulty parts ${index + 1}`;
    return `${this.nameOf(collection, index)}`;
  }

  private date(field: string, draft: Draft): number {
    const { createdMs, random } = draft;
    const span = this.ctx.anchorMs - createdMs;
    switch (field) {
      case 'createdAt':
      case 'orderDate':
      case 'activatedAt':
        return createdMs;
      case 'updatedAt':
      case 'lastReadingAt':
        return createdMs + Math.floor(span * (0.5 + random() / 2));
      case 'dueAt':
      case 'scheduledAt':
      case 'shipmentDate':
      case 'deliveryAt':
      case 'expiresAt':
        return createdMs + Math.floor((3 + random() * 40) * DAY_MS);
      default:
        return createdMs + Math.floor(span * random() * 0.5);
    }
  }

  private list(field: string, schema: JsonSchema, draft: Draft): unknown[] {
    const { collection, index } = draft;
    if (field.endsWith('Keys')) {
      const key = this.refKey(collection, index, field);
      return key === undefined ? [] : [key];
    }
    const items = isRecord(schema.items) ? schema.items : undefined;
    if (!items || !typesOf(items).includes('object')) return [];
    if (field === 'lineItems' && collection === 'purchase-orders') {
      const lines = eamCollection('purchase-orders.line-items');
      if (!lines) return [];
      return Array.from({ length: LINES_PER_ORDER }, (_, j) => {
        const at = index * LINES_PER_ORDER + j;
        return conform(this.generate(lines, at), items, this.object(items, this.draft(lines, at)));
      });
    }
    if (field === 'documents') {
      const documents = eamCollection('documents');
      if (!documents) return [];
      const at = this.refIndex(collection, index, 'documentKey');
      return [conform(this.generate(documents, at), items, this.object(items, this.draft(documents, at)))];
    }
    if (field === 'tasks' || field === 'lineItems') {
      const code = field === 'tasks' ? NESTED_CODES.tasks : NESTED_CODES.returnLines;
      return Array.from({ length: 2 }, (_, j) => {
        const at = index * 2 + j;
        const key = keyFor(code, this.ctx.ordinal, at);
        const nested = this.object(items, { ...draft, key, index: at });
        return 'parentKey' in nested ? { ...nested, parentKey: draft.key } : nested;
      });
    }
    return [this.object(items, draft)];
  }

  private nested(field: string, schema: JsonSchema, draft: Draft): EamRecord {
    const inventories = eamCollection('inventories');
    if (field === 'inventory' && inventories) {
      const at = mix(this.ctx.seed, draft.index, inventories.code) % this.baseSize(inventories);
      return conform(this.generate(inventories, at), schema, this.object(schema, draft)) as EamRecord;
    }
    return this.object(schema, draft);
  }
}
