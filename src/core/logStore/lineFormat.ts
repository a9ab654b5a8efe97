import type { LogKind, RecordFacets } from './logKind';

/**
 * Each line is `{"f":<facets>,"r":<record>}`: the facets first, so opening a large log parses
 * only them (a few dozen bytes a line) and leaves each record on disk until it is read.
 */
const PREFIX = Buffer.from('{"f":');
// Inside JSON strings a quote is always escaped, so this can only be the structural separator.
const SEPARATOR = Buffer.from(',"r":');
const CLOSE_BRACE = 0x7d;

export function encodeLine(facets: RecordFacets, record: unknown): string {
  return `{"f":${JSON.stringify(facets)},"r":${JSON.stringify(record)}}`;
}

function optional(value: unknown, type: 'string' | 'number' | 'boolean'): boolean {
  return value === undefined || typeof value === type;
}

/** Validates facets read back from a file. */
export function parseFacets(value: unknown): RecordFacets | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const ok =
    typeof v.id === 'string' &&
    typeof v.time === 'string' &&
    optional(v.type, 'string') &&
    optional(v.connectionId, 'string') &&
    optional(v.status, 'number') &&
    optional(v.verified, 'boolean') &&
    optional(v.duplicate, 'boolean');
  return ok ? (value as RecordFacets) : undefined;
}

/** A byte range [start, end) of a segment buffer. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * Where the facets JSON of the line at [start, end) of `buffer` lies, when the line has the
 * shape of one; the record part is not looked at.
 */
export function facetsSpan(buffer: Buffer, start: number, end: number): Span | undefined {
  if (end - start < PREFIX.length + SEPARATOR.length + 2 || buffer[end - 1] !== CLOSE_BRACE) return undefined;
  for (let i = 0; i < PREFIX.length; i++) if (buffer[start + i] !== PREFIX[i]) return undefined;
  const separator = buffer.indexOf(SEPARATOR, start);
  if (separator === -1 || separator >= end) return undefined;
  return { start: start + PREFIX.length, end: separator };
}

/**
 * Parses many facets spans of `buffer` at once: copied into one JSON array and parsed in one
 * call, several times faster than one parse per line. A damaged span makes that parse fail, and
 * then each is parsed alone so only the damaged ones are lost.
 */
export function parseFacetsSpans(buffer: Buffer, spans: readonly Span[]): (RecordFacets | undefined)[] {
  let size = 2 + Math.max(0, spans.length - 1);
  for (const span of spans) size += span.end - span.start;
  const joined = Buffer.allocUnsafe(size);
  let at = 0;
  joined[at++] = 0x5b; // [
  spans.forEach((span, i) => {
    if (i > 0) joined[at++] = 0x2c; // ,
    at += buffer.copy(joined, at, span.start, span.end);
  });
  joined[at++] = 0x5d; // ]
  try {
    const values = JSON.parse(joined.toString('utf8', 0, at)) as unknown[];
    if (values.length === spans.length) return values.map(parseFacets);
  } catch {
    // Fall through to one at a time.
  }
  return spans.map((span) => {
    try {
      return parseFacets(JSON.parse(buffer.toString('utf8', span.start, span.end)));
    } catch {
      return undefined;
    }
  });
}

/** The record of a whole line, validated by its kind; `undefined` when the line is damaged. */
export function decodeLine<T>(kind: LogKind<T>, line: string): T | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  return kind.parse((value as { r?: unknown }).r);
}
