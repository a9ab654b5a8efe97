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

/**
 * Where the facets JSON of the line at [start, end) of `buffer` lies, when the line has the
 * shape of one; the record part is not looked at.
 */
export function facetsSpan(buffer: Buffer, start: number, end: number): Buffer | undefined {
  if (end - start < PREFIX.length + SEPARATOR.length + 2 || buffer[end - 1] !== CLOSE_BRACE) return undefined;
  for (let i = 0; i < PREFIX.length; i++) if (buffer[start + i] !== PREFIX[i]) return undefined;
  const separator = buffer.indexOf(SEPARATOR, start);
  if (separator === -1 || separator >= end) return undefined;
  return buffer.subarray(start + PREFIX.length, separator);
}

/**
 * Parses many facets spans at once: one JSON.parse of them all as an array is several times
 * faster than one per line. A damaged span makes the whole parse fail, and then each is parsed
 * alone so only the damaged ones are lost.
 */
export function parseFacetsSpans(spans: readonly Buffer[]): (RecordFacets | undefined)[] {
  const parts: Buffer[] = [Buffer.from('[')];
  spans.forEach((span, i) => parts.push(i === 0 ? span : Buffer.concat([COMMA, span])));
  parts.push(Buffer.from(']'));
  try {
    const values = JSON.parse(Buffer.concat(parts).toString('utf8')) as unknown[];
    if (values.length === spans.length) return values.map(parseFacets);
  } catch {
    // Fall through to one at a time.
  }
  return spans.map((span) => {
    try {
      return parseFacets(JSON.parse(span.toString('utf8')));
    } catch {
      return undefined;
    }
  });
}

const COMMA = Buffer.from(',');

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
