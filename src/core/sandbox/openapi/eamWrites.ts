import type { ValidateFunction } from 'ajv';
import { HttpProblem, type FieldIssue } from '../httpProblem';
import type { SandboxConnection } from '../sandboxModels';
import type { SandboxState } from '../sandboxState';
import { conform } from './conform';
import type { JsonSchema } from './documentDefects';
import { DONE_STATUSES, eamCollection, referencedCollection, type EamCollection } from './eamCatalog';
import type { EamData } from './eamData';
import type { EamRecord } from './eamRecords';

type Fields = Record<string, unknown>;

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks a request body (any JSON value) against the operation's request schema.
 * @throws HttpProblem 422 with every field path that failed.
 */
export function checkValue(validate: ValidateFunction | undefined, value: unknown): unknown {
  if (validate && !validate(value)) {
    const fields: FieldIssue[] = (validate.errors ?? []).map((e) => {
      const missing = e.keyword === 'required' && isRecord(e.params) ? String(e.params.missingProperty) : '';
      const path = [e.instancePath.slice(1), missing].filter((p) => p !== '').join('/');
      return { field: path === '' ? '(body)' : path, message: e.message ?? 'is not valid' };
    });
    throw invalidFields(fields);
  }
  return value;
}

/**
 * Checks a request body that must be a JSON object (an empty body is `{}`).
 * @throws HttpProblem 422 with every field path that failed.
 */
export function checkBody(validate: ValidateFunction | undefined, body: unknown): Fields {
  const value = checkValue(validate, body ?? {});
  if (!isRecord(value)) throw invalidFields([{ field: '(body)', message: 'must be a JSON object' }]);
  return value;
}

function invalidFields(fields: readonly FieldIssue[]): HttpProblem {
  const list = fields.map((f) => `${f.field} ${f.message}`).join('; ');
  return new HttpProblem(
    422,
    'VALIDATION_FAILED',
    'invalid_request_error',
    `The body does not fit the operation's schema: ${list}.`,
    {},
    { fields },
  );
}

/**
 * Checks that every key a body names (`assetKey`, `siteKeys`) is a record of this connection.
 * @throws HttpProblem 422 naming each field whose key is unknown.
 */
export function checkReferences(collection: string, body: Fields, data: EamData): void {
  const fields: FieldIssue[] = [];
  for (const [field, value] of Object.entries(body)) {
    const target = eamCollection(referencedCollection(collection, field) ?? '');
    if (!target) continue;
    const keys = Array.isArray(value) ? value : [value];
    for (const key of keys) {
      if (typeof key === 'string' && !data.find(target, key))
        fields.push({
          field,
          message: `names no ${target.name} record of this connection ('${key.slice(0, 40)}')`,
        });
    }
  }
  if (fields.length > 0) throw invalidFields(fields);
}

/** Sets `status` and `completedAt` from a record's `statusKey`, where its schema has them. */
export function withStatus(record: EamRecord, collection: string, data: EamData, now: string): EamRecord {
  const list = eamCollection(referencedCollection(collection, 'statusKey') ?? '');
  const key = record.statusKey;
  if (!list || typeof key !== 'string') return record;
  const status = data.find(list, key)?.record.name;
  if (typeof status !== 'string') return record;
  const out: EamRecord = { ...record };
  if ('status' in out) out.status = status;
  if ('completedAt' in out) out.completedAt = DONE_STATUSES.has(status) ? (record.completedAt ?? now) : null;
  return out;
}

/** What a write changed, for the answer and the webhook. */
export interface Written {
  readonly record: EamRecord;
  readonly changedFields: readonly string[];
}

/** `body` applied over `current`, typed as the record's schema says; `updatedAt` is now. */
export function merge(current: EamRecord, body: Fields, schema: JsonSchema, now: string): Written {
  const given = Object.fromEntries(Object.entries(body).filter(([f]) => f !== 'key' && f !== 'createdAt'));
  const record: EamRecord = { ...(conform(given, schema, current) as EamRecord), key: current.key };
  if ('updatedAt' in record) record.updatedAt = now;
  const changedFields = Object.keys(record).filter(
    (f) => JSON.stringify(record[f]) !== JSON.stringify(current[f]),
  );
  return { record, changedFields };
}

/** Where a write goes and what it announces. */
export interface WriteTarget {
  readonly connection: SandboxConnection;
  readonly data: EamData;
  readonly state: SandboxState;
}

/**
 * Keeps a written record and announces it, unless the connection is read-only: then the answer
 * is the same and nothing changes, like Makini's sandbox connections.
 */
export function commit(
  target: WriteTarget,
  collection: EamCollection,
  index: number,
  written: Written,
  announce: {
    readonly event: EamCollection['event'];
    readonly record: EamRecord;
    readonly inserted: boolean;
  },
): void {
  if (target.connection.readOnly) return;
  target.data.store(collection, index, written.record);
  if (announce.event === undefined) return;
  const key = announce.record.key;
  if (typeof key !== 'string') return;
  target.state.recordChanged({
    key: target.connection.key,
    collection: announce.event,
    action: announce.inserted ? 'inserted' : 'updated',
    record: { ...announce.record, key },
    ...(announce.inserted ? {} : { changedFields: written.changedFields }),
  });
}
