import { MalformedResponseError } from './apiErrors';

/** A JSON object read from an answer. */
export type JsonObject = Readonly<Record<string, unknown>>;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'string' ? `'${value.slice(0, 40)}'` : typeof value;
}

/**
 * The object at `field` (`''` for the answer itself).
 * @throws MalformedResponseError when it is not a JSON object.
 */
export function readObject(value: unknown, field: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MalformedResponseError(field || '(body)', `an object, got ${describe(value)}`);
  }
  return value as JsonObject;
}

/**
 * `object[key]` as a list.
 * @throws MalformedResponseError when it is not a list.
 */
export function readList(object: JsonObject, key: string, at: string): readonly unknown[] {
  const value = object[key];
  if (!Array.isArray(value))
    throw new MalformedResponseError(join(at, key), `a list, got ${describe(value)}`);
  return value;
}

/**
 * `object[key]` as a non-empty string.
 * @throws MalformedResponseError when it is missing, empty or not a string.
 */
export function readString(object: JsonObject, key: string, at: string): string {
  const value = object[key];
  if (typeof value !== 'string' || value === '') {
    throw new MalformedResponseError(join(at, key), `a non-empty string, got ${describe(value)}`);
  }
  return value;
}

/**
 * `object[key]` as a string, or `undefined` when absent or null.
 * @throws MalformedResponseError when present but not a string.
 */
export function readOptionalString(object: JsonObject, key: string, at: string): string | undefined {
  const value = object[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw new MalformedResponseError(join(at, key), `a string, got ${describe(value)}`);
  return value;
}

/**
 * `object[key]` as a number; numeric strings are accepted (some Makini answers quote numbers).
 * @throws MalformedResponseError when it is not a finite number.
 */
export function readNumber(object: JsonObject, key: string, at: string): number {
  const value = object[key];
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) {
    throw new MalformedResponseError(join(at, key), `a number, got ${describe(value)}`);
  }
  return n;
}

export function join(at: string, key: string | number): string {
  if (typeof key === 'number') return `${at}[${key}]`;
  return at === '' ? key : `${at}.${key}`;
}
