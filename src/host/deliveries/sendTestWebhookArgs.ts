import { ENVELOPES, type EnvelopeName } from '../../core/contract/makiniContract';
import { type EventDataByType, type EventType, resolveEventType } from '../../core/events/catalog';
import { validateEventData } from '../../core/events/validation';
import { issueText } from '../../core/events/validationIssue';
import { UserError } from '../userError';

/** Arguments of `makini.sendTestWebhook`, for tests and other extensions; the UI asks for the rest. */
export interface SendTestWebhookArgs {
  /** A catalog type; an alias (`work_order.updated`) is read as the documented name. */
  readonly type?: EventType;
  /** The envelope to send in (default: `makini.webhooks.envelope` for entity events, else detailed). */
  readonly envelope?: EnvelopeName;
  /** The ids an `ids` envelope lists (default: the sample record's key). */
  readonly ids?: readonly string[];
  readonly connectionId?: string;
  /** A URL, or `receiver` for the local receiver (the default when called with arguments). */
  readonly url?: string;
  /** Replaces the sample's `data` (validated by the caller or the payload file). */
  readonly data?: unknown;
  readonly duplicates?: number;
  /** Compress Makini's schedule (30 s doubling) to this first-retry delay. */
  readonly retryBaseMs?: number;
  readonly maxAttempts?: number;
  /** Sign with these instead of the stored secrets (to see how an endpoint treats a wrong one). */
  readonly secrets?: readonly string[];
  /** Extra request headers for every attempt (a payload file's `headers` map). */
  readonly headers?: Readonly<Record<string, string>>;
}

function optional<T>(
  args: Record<string, unknown>,
  key: string,
  check: (v: unknown) => v is T,
  expected: string,
): T | undefined {
  const value = args[key];
  if (value === undefined || check(value)) return value;
  throw new UserError(
    'invalidArguments',
    `Send Test Webhook: '${key}' must be ${expected}, got ${JSON.stringify(value)}.`,
  );
}

const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1;
const isDelay = (v: unknown): v is number => typeof v === 'number' && v >= 0;
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isEnvelope = (v: unknown): v is EnvelopeName => ENVELOPES.some((e) => e === v);
const isHeaders = (v: unknown): v is Record<string, string> =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  Object.values(v).every((h) => typeof h === 'string');

/** Checks the arguments given programmatically; anything malformed is a clear error. */
export function parseSendArgs(value: unknown): SendTestWebhookArgs | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) {
    throw new UserError(
      'invalidArguments',
      'Send Test Webhook takes an options object, e.g. { type: "sync.completed" }.',
    );
  }
  const args = value as Record<string, unknown>;
  const named = optional(args, 'type', isString, 'an event type of the catalog');
  const type = named === undefined ? undefined : resolveEventType(named);
  if (named !== undefined && type === undefined)
    throw new UserError(
      'invalidArguments',
      `Send Test Webhook: 'type' must be an event type of the catalog, got ${JSON.stringify(named)}.`,
    );
  return {
    type,
    envelope: optional(args, 'envelope', isEnvelope, ENVELOPES.map((e) => `'${e}'`).join(' or ')),
    ids: optional(args, 'ids', isStrings, 'a list of record ids'),
    connectionId: optional(args, 'connectionId', isString, 'a connection key'),
    url: optional(args, 'url', isString, "an http(s) URL or 'receiver'"),
    data: args.data,
    duplicates: optional(args, 'duplicates', isCount, 'a whole number >= 1'),
    retryBaseMs: optional(args, 'retryBaseMs', isDelay, 'a delay in milliseconds'),
    maxAttempts: optional(args, 'maxAttempts', isCount, 'a whole number >= 1'),
    secrets: optional(args, 'secrets', isStrings, 'a list of non-empty strings'),
    headers: optional(args, 'headers', isHeaders, 'a map of header names to string values'),
  };
}

/**
 * The `data` given in the arguments, checked against the schema of `type` like any data from
 * outside; a clear error names each thing wrong with it.
 */
export function sendArgsData<T extends EventType>(type: T, data: unknown): EventDataByType[T] {
  const result = validateEventData(type, data, '/data');
  if (result.ok) return result.data;
  const issues = result.issues.map((i) => issueText(i, 'data')).join('; ');
  throw new UserError('invalidArguments', `Send Test Webhook: 'data' is not valid ${type} data: ${issues}.`);
}
