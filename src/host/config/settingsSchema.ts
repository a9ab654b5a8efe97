import {
  DEFAULT_ENTITY_ENVELOPE,
  DEFAULT_SIGNATURE_ENCODING,
  ENVELOPES,
  NGROK_AGENT_API_URL,
  SIGNATURE_ENCODINGS,
  SIGNATURE_HEADER,
} from '../../core/contract/makiniContract';
import { DEFAULT_RECEIVER_PATH } from '../../core/receiver/receiverDefaults';

/**
 * Every setting of the extension: its key under `makini.`, its default and how a value is checked.
 * The manifest's `contributes.configuration` mirrors this table (a test keeps the two in step).
 */
export interface SettingSpec<T> {
  readonly key: string;
  readonly defaultValue: T;
  /** Answers a problem in words when `value` is not acceptable, else undefined. */
  check(value: unknown): string | undefined;
}

function integer(key: string, defaultValue: number, min: number, max: number): SettingSpec<number> {
  return {
    key,
    defaultValue,
    check: (value) =>
      typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
        ? undefined
        : `must be a whole number from ${min} to ${max}`,
  };
}

function oneOf<T extends string>(key: string, defaultValue: T, values: readonly T[]): SettingSpec<T> {
  return {
    key,
    defaultValue,
    check: (value) =>
      typeof value === 'string' && (values as readonly string[]).includes(value)
        ? undefined
        : `must be one of ${values.join(', ')}`,
  };
}

function boolean(key: string, defaultValue: boolean): SettingSpec<boolean> {
  return {
    key,
    defaultValue,
    check: (value) => (typeof value === 'boolean' ? undefined : 'must be true or false'),
  };
}

function text(key: string, defaultValue: string, pattern: RegExp, expected: string): SettingSpec<string> {
  return {
    key,
    defaultValue,
    check: (value) => (typeof value === 'string' && pattern.test(value) ? undefined : `must be ${expected}`),
  };
}

function url(key: string, defaultValue: string, allowEmpty: boolean): SettingSpec<string> {
  return {
    key,
    defaultValue,
    check: (value) => {
      if (typeof value !== 'string') return 'must be a URL';
      if (allowEmpty && value === '') return undefined;
      try {
        const parsed = new URL(value);
        return parsed.protocol === 'http:' || parsed.protocol === 'https:'
          ? undefined
          : 'must be an http(s) URL';
      } catch {
        return 'must be an http(s) URL such as https://example.com/webhooks';
      }
    },
  };
}

export const SettingSpecs = {
  apiUrl: url('apiUrl', 'https://api.makini.io', false),
  pollIntervalSeconds: integer('connections.pollIntervalSeconds', 60, 10, 86_400),
  alertsEnabled: boolean('alerts.enabled', true),
  receiverHost: text('receiver.host', '127.0.0.1', /^[A-Za-z0-9.:[\]-]+$/, 'a host name or IP address'),
  receiverPort: integer('receiver.port', 8787, 0, 65_535),
  receiverPath: text('receiver.path', DEFAULT_RECEIVER_PATH, /^\/[\w\-./~%]*$/, 'a path starting with /'),
  receiverAutoStart: boolean('receiver.autoStart', true),
  forwardTo: url('receiver.forwardTo', '', true),
  ngrokApiUrl: url('receiver.ngrokApiUrl', NGROK_AGENT_API_URL, false),
  // Empty: the ngrok agent's tunnel to the receiver's port, when one runs.
  publicUrl: url('receiver.publicUrl', '', true),
  signatureScheme: oneOf('webhooks.signatureScheme', 'makini', ['makini', 'standard']),
  // Entity events' envelope; the others exist only in the detailed one.
  webhookEnvelope: oneOf('webhooks.envelope', DEFAULT_ENTITY_ENVELOPE, ENVELOPES),
  signatureHeader: text(
    'webhooks.signatureHeader',
    SIGNATURE_HEADER,
    /^[A-Za-z0-9-]+$/,
    'an HTTP header name',
  ),
  signatureEncoding: oneOf('webhooks.signatureEncoding', DEFAULT_SIGNATURE_ENCODING, SIGNATURE_ENCODINGS),
  // Standard scheme only: the makini scheme signs no timestamp, so its users never have it applied.
  toleranceSeconds: integer('webhooks.toleranceSeconds', 300, 1, 86_400),
  // Makini documents no rotation window, so how long a rotated-out secret stays accepted is ours.
  rotationOverlapHours: integer('webhooks.rotationOverlapHours', 24, 1, 720),
  deliveryTimeoutMs: integer('delivery.timeoutMs', 10_000, 100, 120_000),
  retryBaseMs: integer('delivery.retryBaseMs', 30_000, 1, 3_600_000),
  maxAttempts: integer('delivery.maxAttempts', 8, 1, 100),
  logMaxRecords: integer('log.maxRecords', 10_000, 100, 1_000_000),
  logFsync: boolean('log.fsync', false),
} as const;

type Specs = typeof SettingSpecs;
export type Settings = { readonly [K in keyof Specs]: Specs[K]['defaultValue'] };
export type SettingName = keyof Specs;
