import type { ErrorObject } from 'ajv';
import { withArticle } from '../text/article';

/** One thing wrong with a value: where (JSON pointer), what, and what was expected. */
export interface ValidationIssue {
  /** JSON pointer into the validated value; `''` is the value itself. */
  readonly pointer: string;
  /** What is wrong, after the field's name: `is missing`, `has the wrong type`. */
  readonly message: string;
  /** What the field should hold, when that says it best: `a string`, `one of "full", "incremental"`. */
  readonly expected?: string;
  /** What it holds instead: `a number`, `"bored"`. */
  readonly actual?: string;
}

/** Longest quoted value an issue repeats; a payload's long strings are cut. */
const SHOWN_VALUE_CHARS = 60;

const FORMAT_WORDS: Readonly<Record<string, string>> = {
  'date-time': 'an ISO 8601 date-time such as "2025-06-01T12:00:00Z"',
  uri: 'an absolute URI',
  email: 'an email address',
  uuid: 'a UUID',
};

/** `"bored"`, `42`, `{…}`: a value as an issue quotes it, cut when long. */
function quoted(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > SHOWN_VALUE_CHARS ? `${text.slice(0, SHOWN_VALUE_CHARS)}…` : text;
}

/** `a string`, `an array`, `null`: what kind of JSON value `value` is. */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : withArticle(typeof value);
}

/** `a string or null` for ajv's `string,null`; `integer` reads as a whole number. */
function typeWords(types: string): string {
  return types
    .split(',')
    .map((t) => (t === 'null' ? 'null' : t === 'integer' ? 'a whole number' : withArticle(t)))
    .join(' or ');
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The value `pointer` (ajv's `instancePath`) names inside `root`, or undefined. */
function valueAt(root: unknown, pointer: string): unknown {
  let value = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  }
  return value;
}

/** A limit as words: `must not be empty` for a minimum of one, else `must have at least 3 items`. */
function limitWords(keyword: string, limit: number): string | undefined {
  switch (keyword) {
    case 'minLength':
      return limit === 1 ? 'must not be empty' : `must be at least ${limit} characters long`;
    case 'maxLength':
      return `must be at most ${limit} characters long`;
    case 'minItems':
      return limit === 1 ? 'must not be empty' : `must have at least ${limit} items`;
    case 'maxItems':
      return `must have at most ${limit} items`;
    case 'minimum':
      return `must be at least ${limit}`;
    case 'maximum':
      return `must be at most ${limit}`;
    default:
      return undefined;
  }
}

/**
 * One ajv error as an issue in plain words. `prefix` (e.g. `/data`) goes before its pointer;
 * `root` is the value validated, so the issue can say what a field holds instead.
 */
export function issueOf(error: ErrorObject, prefix: string, root: unknown): ValidationIssue {
  const at = `${prefix}${error.instancePath}`;
  const params = error.params as Record<string, unknown>;
  const value = valueAt(root, error.instancePath);
  const wrong = (message: string, expected: string, actual = quoted(value)): ValidationIssue => ({
    pointer: at,
    message,
    expected,
    actual,
  });
  switch (error.keyword) {
    case 'required':
      return { pointer: `${at}/${escapePointer(String(params.missingProperty))}`, message: 'is missing' };
    case 'additionalProperties':
      return {
        pointer: `${at}/${escapePointer(String(params.additionalProperty))}`,
        message: 'is not allowed here',
      };
    case 'enum':
      return wrong(
        'has an unexpected value',
        `one of ${(params.allowedValues as unknown[]).map(quoted).join(', ')}`,
      );
    case 'const':
      return wrong('has an unexpected value', quoted(params.allowedValue));
    case 'type':
      return wrong('has the wrong type', typeWords(String(params.type)), kindOf(value));
    case 'format': {
      const format = String(params.format);
      return wrong('is not well formed', FORMAT_WORDS[format] ?? withArticle(`${format} string`));
    }
    case 'uniqueItems':
      return { pointer: at, message: 'must not hold the same item twice' };
    case 'pattern':
      return wrong('is not well formed', `text matching ${String(params.pattern)}`);
    default: {
      const limit = limitWords(error.keyword, Number(params.limit));
      return { pointer: at, message: limit ?? error.message ?? `fails '${error.keyword}'` };
    }
  }
}

/** `data.items[0].name` for `/data/items/0/name`: a pointer as a reader names the field. */
function fieldName(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((key, i) => {
      if (/^\d+$/.test(key)) return `[${key}]`;
      if (/^[A-Za-z_$][\w$]*$/.test(key)) return i === 0 ? key : `.${key}`;
      return `[${JSON.stringify(key)}]`;
    })
    .join('');
}

/**
 * An issue as one plain sentence: `data.asset_id is missing`, `data.mode: expected one of
 * "full", "incremental", got "bored"`. `subject` names the value itself (pointer `''`).
 */
export function issueText(issue: ValidationIssue, subject = 'the payload'): string {
  const field = issue.pointer === '' ? subject : fieldName(issue.pointer);
  if (issue.expected === undefined) return `${field} ${issue.message}`;
  return `${field}: expected ${issue.expected}${issue.actual === undefined ? '' : `, got ${issue.actual}`}`;
}
