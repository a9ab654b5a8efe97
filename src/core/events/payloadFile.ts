import { readFile } from 'node:fs/promises';
import type { EventType } from './catalog';
import { envelopeShapeOf } from './envelope';
import { type Payload, validateEventData, validatePayload } from './validation';
import { issueText, type ValidationIssue } from './validationIssue';
import { TypedError } from '../errors';

/** A problem in a payload file, located by file and JSON pointer (or line and column for syntax). */
export interface FileIssue extends ValidationIssue {
  readonly file: string;
}

export type PayloadFileErrorCode = 'unreadable' | 'invalid_json' | 'invalid_payload';

/** A payload file could not be read, parsed or validated; `issues` says where and what. */
export class PayloadFileError extends TypedError<PayloadFileErrorCode> {
  override readonly name = 'PayloadFileError';
  constructor(
    readonly code: PayloadFileErrorCode,
    readonly file: string,
    readonly issues: readonly FileIssue[],
    options?: ErrorOptions,
  ) {
    super(`${file} is not a valid webhook payload:\n${formatFileIssues(issues)}`, options);
  }
}

/** One line per issue: `file: data.mode: expected …, got …`, or `file is not valid JSON …`. */
export function formatFileIssues(issues: readonly FileIssue[]): string {
  return issues
    .map((i) => `  ${i.pointer === '' ? issueText(i, i.file) : `${i.file}: ${issueText(i)}`}`)
    .join('\n');
}

/** `1:5`-style location of a JSON.parse error, when Node names the position. */
function syntaxLocation(text: string, message: string): string {
  const position = /position (\d+)/.exec(message)?.[1];
  if (position === undefined) return '';
  const before = text.slice(0, Number(position));
  const line = before.split('\n').length;
  const column = Number(position) - before.lastIndexOf('\n');
  return ` at line ${line}, column ${column}`;
}

/**
 * Parses JSON text from `file` (a name for messages; `-` for stdin).
 * @throws PayloadFileError (`invalid_json`) with the line and column of a syntax error.
 */
export function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new PayloadFileError(
      'invalid_json',
      file,
      [{ file, pointer: '', message: `is not valid JSON${syntaxLocation(text, message)}: ${message}` }],
      { cause: error },
    );
  }
}

/**
 * Parses and validates a payload (`{type, connection_id?, data}` or a whole envelope).
 * @throws PayloadFileError (`invalid_json` or `invalid_payload`) listing every issue found.
 */
export function parsePayloadText(text: string, file: string): Payload {
  const result = validatePayload(parseJsonText(text, file));
  if (!result.ok)
    throw new PayloadFileError(
      'invalid_payload',
      file,
      result.issues.map((i) => ({ file, ...i })),
    );
  return result.data;
}

/**
 * Reads, parses and validates a user's payload file.
 * @throws PayloadFileError (`unreadable`, `invalid_json` or `invalid_payload`).
 */
export async function validatePayloadFile(path: string): Promise<Payload> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new PayloadFileError(
      'unreadable',
      path,
      [{ file: path, pointer: '', message: `cannot be read: ${reason}` }],
      { cause: error },
    );
  }
  return parsePayloadText(text, path);
}

/**
 * What a `--data` file replaces in an event: its detailed `data` (with the envelope fields a whole
 * payload may also fix), or the ids of an ids-envelope file.
 */
export type EventDataOverride =
  | Omit<Extract<Payload, { envelope: 'detailed' }>, 'type'>
  | Omit<Extract<Payload, { envelope: 'ids' }>, 'type'>;

/**
 * Reads `text` as the data of a `type` event: bare `data`, or a payload file naming the same type
 * (an alias of it counts): `{type, connection_id?, data}`, a whole envelope, or `{event, body}`.
 * @throws PayloadFileError (`invalid_json` or `invalid_payload`), with pointers into the file.
 */
export function parseEventDataText(type: EventType, text: string, file: string): EventDataOverride {
  const value = parseJsonText(text, file);
  const fields = typeof value === 'object' && value !== null ? value : {};
  const isPayload = ('type' in fields && 'data' in fields) || envelopeShapeOf(value) === 'ids';
  if (isPayload) {
    const { type: named, ...payload } = parsePayloadText(text, file);
    if (named !== type) {
      const issue = {
        file,
        pointer: payload.envelope === 'ids' ? '/event' : '/type',
        message: 'names another event type',
        expected: JSON.stringify(type),
        actual: JSON.stringify(named),
      };
      throw new PayloadFileError('invalid_payload', file, [issue]);
    }
    return payload;
  }
  const result = validateEventData(type, value);
  if (!result.ok)
    throw new PayloadFileError(
      'invalid_payload',
      file,
      result.issues.map((i) => ({ file, ...i })),
    );
  return { envelope: 'detailed', data: result.data };
}
