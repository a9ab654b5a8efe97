/**
 * Every fact of Makini's webhook contract, in one place. Each is marked `documented` (with the
 * document it comes from) or `assumed` (with the setting or flag that changes it). Makini's
 * documents disagree with each other, so where they do, every documented variant is listed and
 * the receiver accepts them all; the sender picks the first unless told otherwise.
 *
 * Nothing else in the code spells a header name, an encoding, an envelope field or an event name
 * of Makini's: it imports them from here. README's table "What Makini documents, what we assume"
 * is checked against {@link CONTRACT_FACTS} by a unit test.
 */

/** Where a documented fact comes from: a short label for tables, and the document itself. */
export const SOURCES = {
  webhookPage2022: {
    label: 'Webhook page 2022',
    document: 'eqcentric/api-docs docs/webhook/Webhook.md, commits 98d49da, d16c189, e4ee295',
  },
  webhookPage2023: {
    label: 'Webhook page 2023',
    document: 'eqcentric/api-docs docs/webhook/Webhook.md, master 579362d',
  },
  webhookBranch: {
    label: 'Webhook branch',
    document: 'eqcentric/api-docs docs/webhook/Webhook.md, branch tam-modified-3-files af950fa (not merged)',
  },
  faq: { label: 'FAQ', document: "Makini's FAQ: webhooks, sandbox connections, local development" },
  eamOpenApi: { label: 'EAM OpenAPI', document: "Makini's oas3_eam.json" },
  ngrokAgentApi: { label: 'ngrok agent API', document: "ngrok agent's local API, GET /api/tunnels" },
} as const;

export type SourceKey = keyof typeof SOURCES;

export type Provenance =
  | { readonly kind: 'documented'; readonly sources: readonly SourceKey[] }
  | {
      readonly kind: 'assumed';
      /** How a user changes or widens it: a setting, a flag. */ readonly change: string;
    };

// ---- Signing ---------------------------------------------------------------------------------

/** The header Makini puts its signature in (`X-Webhook-Signature`; header names are case-blind). */
export const SIGNATURE_HEADER = 'x-webhook-signature';

/** The header this product used before Makini's was known; still read, reported as deprecated. */
export const DEPRECATED_SIGNATURE_HEADER = 'x-makini-signature';

/** The signature is an HMAC-SHA256 keyed with the secret's UTF-8 bytes. */
export const SIGNATURE_ALGORITHM = 'sha256';

/** How the HMAC is written in the header: base64 on the merged pages, hex on the later branch. */
export const SIGNATURE_ENCODINGS = ['base64', 'hex'] as const;
export type SignatureEncoding = (typeof SIGNATURE_ENCODINGS)[number];
export const DEFAULT_SIGNATURE_ENCODING: SignatureEncoding = 'base64';

export function isSignatureEncoding(value: unknown): value is SignatureEncoding {
  return typeof value === 'string' && (SIGNATURE_ENCODINGS as readonly string[]).includes(value);
}

/**
 * What the HMAC covers: the raw body's bytes (the branch's text and its Python sample), or
 * `JSON.stringify(JSON.parse(raw))` (every JavaScript sample).
 */
export const SIGNED_CONTENTS = ['raw', 'json'] as const;
export type SignedContent = (typeof SIGNED_CONTENTS)[number];

/** Our own headers, sent beside Makini's: not documented, so only informative. */
export const EVENT_HEADER = 'x-makini-event';
export const EVENT_ID_HEADER = 'x-makini-event-id';
export const TIMESTAMP_HEADER = 'x-makini-timestamp';
/**
 * The connection an `ids`-envelope webhook concerns: that envelope has no place for it, so our
 * sender says it here (informative, not documented); the receiver shows it when present.
 */
export const CONNECTION_ID_HEADER = 'x-makini-connection-id';

// ---- Envelopes -------------------------------------------------------------------------------

/**
 * `ids`: the documented payload, `{"event": "<entities>.<action>", "body": [ids]}`.
 * `detailed`: ours, from the FAQ's words (type, timestamp, connection id, details), with an id.
 */
export const ENVELOPES = ['ids', 'detailed'] as const;
export type EnvelopeName = (typeof ENVELOPES)[number];

/** The documented envelope's two fields. */
export const IDS_ENVELOPE_FIELDS = { event: 'event', body: 'body' } as const;

/** The detailed envelope's fields. */
export const DETAILED_ENVELOPE_FIELDS = ['id', 'type', 'timestamp', 'connection_id', 'data'] as const;

/** Entity events are sent in the documented envelope unless told otherwise. */
export const DEFAULT_ENTITY_ENVELOPE: EnvelopeName = 'ids';

/** With no event id (the `ids` envelope), duplicates are keyed by the raw body's SHA-256. */
export const DUPLICATE_KEYS = ['event_id', 'body_sha256'] as const;
export type DuplicateKey = (typeof DUPLICATE_KEYS)[number];

// ---- Event names -----------------------------------------------------------------------------

/** The documented entities, as their event names spell them (plural, lower case). */
export const ENTITY_COLLECTIONS = [
  'sites',
  'assets',
  'purchase_orders',
  'work_orders',
  'materials',
  'locations',
] as const;
export type EntityCollection = (typeof ENTITY_COLLECTIONS)[number];

export const ENTITY_ACTIONS = ['inserted', 'updated'] as const;
export type EntityAction = (typeof ENTITY_ACTIONS)[number];

/** Connection statuses also have a documented `deleted`. */
export const CONNECTION_STATUS_COLLECTION = 'connection_statuses';
export const CONNECTION_STATUS_ACTIONS = ['inserted', 'updated', 'deleted'] as const;

/**
 * Each collection's singular, the name of one record (`work_order`): how the detailed envelope's
 * data names an entity, and the form of the event names this product used before the documented
 * ones were known (`work_order.updated`), still accepted wherever an event type is given.
 */
export const SINGULAR_ENTITY_NAMES = {
  sites: 'site',
  assets: 'asset',
  purchase_orders: 'purchase_order',
  work_orders: 'work_order',
  materials: 'material',
  locations: 'location',
  connection_statuses: 'connection_status',
} as const satisfies Record<EntityCollection | typeof CONNECTION_STATUS_COLLECTION, string>;

/** Every documented entity event name, in the documents' order. */
export const ENTITY_EVENT_NAMES: readonly string[] = [
  ...ENTITY_COLLECTIONS.flatMap((c) => ENTITY_ACTIONS.map((a) => `${c}.${a}`)),
  ...CONNECTION_STATUS_ACTIONS.map((a) => `${CONNECTION_STATUS_COLLECTION}.${a}`),
];

/** The FAQ's events, which exist only in the detailed envelope. */
export const FAQ_EVENT_NAMES = [
  'sync.completed',
  'sync.failed',
  'connection.auth_required',
  'connection.status_changed',
  'system.error',
] as const;

// ---- Delivery --------------------------------------------------------------------------------

/** Endpoints must answer 200 within 10 seconds. */
export const DELIVERY_DEADLINE_MS = 10_000;
/** Failed deliveries are retried with exponentially growing intervals from 30 seconds… */
export const FIRST_RETRY_MS = 30_000;
/** …for up to 24 hours. */
export const RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;
/** Endpoints must use HTTPS with a valid certificate. */
export const REQUIRES_HTTPS = true;
/** Makini's production sender addresses, for allow-lists. */
export const SENDER_IPS = [
  '15.204.75.108',
  '15.204.73.75',
  '15.204.77.147',
  '148.113.140.236',
  '51.79.101.4',
] as const;
/** Where the endpoint and its secret are set. */
export const PORTAL_WEBHOOKS_PATH = 'Developer Portal > Developers > Webhooks';

// ---- Public URL ------------------------------------------------------------------------------

/** ngrok's agent API, where the FAQ's "tool like ngrok" lists its tunnels. */
export const NGROK_AGENT_API_URL = 'http://127.0.0.1:4040/api/tunnels';

// ---- The table -------------------------------------------------------------------------------

export interface ContractFact {
  /** What the fact is about, as README's table names it. */
  readonly topic: string;
  /** The fact's value, as README's table shows it. */
  readonly value: string;
  readonly provenance: Provenance;
}

const documented = (...sources: SourceKey[]): Provenance => ({ kind: 'documented', sources });
const assumed = (change: string): Provenance => ({ kind: 'assumed', change });

/** Every fact above, for README and for anyone who asks where a value comes from. */
export const CONTRACT_FACTS: readonly ContractFact[] = [
  {
    topic: 'Signature header',
    value: `\`${SIGNATURE_HEADER}\``,
    provenance: documented('webhookPage2022', 'webhookBranch'),
  },
  {
    topic: 'Signature',
    value: 'HMAC-SHA256, keyed with the secret as UTF-8',
    provenance: documented('webhookPage2022', 'webhookPage2023', 'webhookBranch'),
  },
  {
    topic: 'Signature encoding',
    value: '`base64` (merged pages) or `hex` (later branch); sent as base64 by default',
    provenance: documented('webhookPage2022', 'webhookPage2023', 'webhookBranch'),
  },
  {
    topic: 'Signed content',
    value:
      'the raw body (branch text, Python sample) or `JSON.stringify(JSON.parse(raw))` (JavaScript samples); sent over the exact bytes',
    provenance: documented('webhookPage2022', 'webhookBranch'),
  },
  {
    topic: 'Older signature header',
    value: `\`${DEPRECATED_SIGNATURE_HEADER}\`, still read, reported as deprecated`,
    provenance: assumed('set another with `makini.webhooks.signatureHeader` or `--signature-header`'),
  },
  {
    topic: 'Entity payload (`ids` envelope)',
    value: '`{"event": "assets.updated", "body": ["<id>", …]}`',
    provenance: documented('webhookPage2022'),
  },
  {
    topic: 'Entity events',
    value:
      'sites, assets, purchase orders, work orders, materials, locations × inserted/updated; connection statuses × inserted/updated/deleted',
    provenance: documented('webhookPage2022', 'webhookBranch'),
  },
  {
    topic: 'Multi-word event names',
    value: '`purchase_orders`, `work_orders`, `connection_statuses` (snake case)',
    provenance: assumed('the receiver also accepts the singular names (`work_order.updated`)'),
  },
  {
    topic: 'Sync, auth, status and error events',
    value: 'sync completed or failed, authentication required, status changed, system error',
    provenance: documented('faq'),
  },
  {
    topic: 'Their payload (`detailed` envelope)',
    value: '`{id, type, timestamp, connection_id, data}`',
    provenance: assumed('choose with `makini.webhooks.envelope` or `--envelope`; received in either shape'),
  },
  {
    topic: 'Event id and duplicates',
    value: 'the event id in the detailed envelope; the raw body’s SHA-256 in the ids envelope',
    provenance: assumed('follows the envelope: `makini.webhooks.envelope`, `--envelope`'),
  },
  {
    topic: 'Connection of an `ids` webhook',
    value: `\`${CONNECTION_ID_HEADER}\`, informative only (the documented payload has no connection)`,
    provenance: assumed('sent by `trigger` and the editor; a receiver must not rely on it'),
  },
  {
    topic: 'Timestamp header',
    value: `\`${TIMESTAMP_HEADER}\`, informative only (not signed)`,
    provenance: assumed('`makini.webhooks.signatureScheme` `standard` signs one'),
  },
  {
    topic: 'Deadline',
    value: 'answer 200 within 10 s',
    provenance: documented('faq'),
  },
  {
    topic: 'Retries',
    value: 'exponential, from 30 s, for up to 24 h',
    provenance: documented('faq'),
  },
  {
    topic: 'Endpoint',
    value: 'HTTPS with a valid certificate; set with its secret in the Developer Portal',
    provenance: documented('faq', 'webhookPage2023'),
  },
  {
    topic: 'Sender addresses',
    value: SENDER_IPS.join(', '),
    provenance: documented('faq'),
  },
  {
    topic: 'Public URL for local development',
    value: 'a tunnel such as ngrok; its agent lists tunnels at `http://127.0.0.1:4040/api/tunnels`',
    provenance: documented('faq', 'ngrokAgentApi'),
  },
];

/** A fact's provenance as README's table writes it. */
export function provenanceText(provenance: Provenance): string {
  return provenance.kind === 'documented'
    ? `documented: ${provenance.sources.map((s) => SOURCES[s].label).join(', ')}`
    : `assumed; ${provenance.change}`;
}

/** README's table, as Markdown, with the sources' legend under it. */
export function contractTableMarkdown(): string {
  const rows = CONTRACT_FACTS.map((f) => `| ${f.topic} | ${f.value} | ${provenanceText(f.provenance)} |`);
  const legend = Object.values(SOURCES).map((s) => `- ${s.label}: ${s.document}.`);
  return ['| Fact | Value | Source |', '| --- | --- | --- |', ...rows, '', 'Sources:', '', ...legend].join(
    '\n',
  );
}
