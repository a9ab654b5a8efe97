import * as vscode from 'vscode';
import { buildEvent, type EventType, isEventType } from '../../core/events/catalog';
import type { DeliveryRecord } from '../../core/sender/deliveryRecord';
import { newSecret } from '../../core/signing/schemes';
import { recentUrls, rememberUrl } from '../config/recentUrls';
import { readWebhookSecrets, writeWebhookSecret } from '../config/secretStore';
import { pickEventType } from '../commands/newWebhookPayload';
import type { SettingsService } from '../config/settings';
import type { SecretStore } from '../config/secretStore';
import type { ConnectionsService } from '../connections/connectionsService';
import type { ReceiverService } from '../receiver/receiverService';
import type { DeliveryService } from './deliveryService';

/** What sending a test webhook works with. */
export interface SendDeps {
  readonly deliveries: DeliveryService;
  readonly receiver: ReceiverService;
  readonly connections: ConnectionsService;
  readonly secrets: SecretStore;
  readonly settings: SettingsService;
  /** Where the recently used URLs are kept. */
  readonly globalState: vscode.Memento;
}

/** Arguments of `makini.sendTestWebhook`, for tests and other extensions; the UI asks for the rest. */
export interface SendTestWebhookArgs {
  readonly type?: EventType;
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
}

const RECENT_URLS_KEY = 'makini.recentWebhookUrls';
const COMPRESSED_BASE_MS = 200;

function optional<T>(
  args: Record<string, unknown>,
  key: string,
  check: (v: unknown) => v is T,
  expected: string,
): T | undefined {
  const value = args[key];
  if (value === undefined || check(value)) return value;
  throw new Error(`Send Test Webhook: '${key}' must be ${expected}, got ${JSON.stringify(value)}.`);
}

const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1;
const isDelay = (v: unknown): v is number => typeof v === 'number' && v >= 0;
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);

/** Checks the arguments given programmatically; anything malformed is a clear error. */
function parseArgs(value: unknown): SendTestWebhookArgs | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) {
    throw new Error('Send Test Webhook takes an options object, e.g. { type: "sync.completed" }.');
  }
  const args = value as Record<string, unknown>;
  return {
    type: optional(args, 'type', isEventType, 'an event type of the catalog'),
    connectionId: optional(args, 'connectionId', isString, 'a connection key'),
    url: optional(args, 'url', isString, "an http(s) URL or 'receiver'"),
    data: args.data,
    duplicates: optional(args, 'duplicates', isCount, 'a whole number >= 1'),
    retryBaseMs: optional(args, 'retryBaseMs', isDelay, 'a delay in milliseconds'),
    maxAttempts: optional(args, 'maxAttempts', isCount, 'a whole number >= 1'),
    secrets: optional(args, 'secrets', isStrings, 'a list of non-empty strings'),
  };
}

/** A connection of the Connections view, or a sample key; null when the pick is dismissed. */
async function pickConnection(services: SendDeps): Promise<string | undefined | null> {
  const items = [
    {
      label: '$(symbol-key) A sample connection id',
      detail: 'a realistic key made up for this event',
      key: undefined,
    },
    ...services.connections.list().map((c) => ({
      label: c.connection.name,
      description: c.connection.key,
      detail: c.connection.integrationName,
      key: c.connection.key,
    })),
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Send Test Webhook: connection',
    matchOnDescription: true,
  });
  return picked ? picked.key : null;
}

export async function pickUrl(services: SendDeps): Promise<string | undefined> {
  const recent = recentUrls(services.globalState, RECENT_URLS_KEY);
  const receiver = services.receiver.state.url;
  const items = [
    { label: '$(radio-tower) Local receiver', detail: receiver ?? 'starts it', value: 'receiver' },
    ...recent.map((url) => ({ label: url, detail: 'recently used', value: url })),
    { label: '$(edit) Enter a URL…', detail: 'your app or any endpoint', value: '' },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Send Test Webhook: endpoint' });
  if (!picked) return undefined;
  if (picked.value) return picked.value;
  return vscode.window.showInputBox({
    title: 'Send Test Webhook: endpoint URL',
    placeHolder: 'https://localhost:3000/webhooks/makini',
    validateInput: (text) => (/^https?:\/\/\S+$/.test(text) ? undefined : 'Enter an http(s) URL'),
  });
}

async function pickOptions(): Promise<{ duplicates: number; retryBaseMs?: number } | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      {
        label: 'Deliver 3 duplicates',
        detail: 'the same event id three times: does your handler de-duplicate?',
        key: 'dup',
      },
      {
        label: 'Compressed retry schedule',
        detail: `first retry after ${COMPRESSED_BASE_MS} ms instead of 30 s, doubling`,
        key: 'fast',
      },
    ],
    {
      title: "Send Test Webhook: options (none selected: one delivery on Makini's schedule)",
      canPickMany: true,
    },
  );
  if (!picked) return undefined;
  const keys = new Set(picked.map((p) => p.key));
  return {
    duplicates: keys.has('dup') ? 3 : 1,
    ...(keys.has('fast') ? { retryBaseMs: COMPRESSED_BASE_MS } : {}),
  };
}

/** The stored signing secrets; with none, one is generated and stored so sender and receiver agree. */
async function signingSecrets(services: SendDeps): Promise<string[]> {
  const stored = await readWebhookSecrets(services.secrets);
  if (stored.length > 0) return stored;
  await writeWebhookSecret(services.secrets, newSecret(services.settings.value.signatureScheme), false);
  await services.receiver.reloadSecrets();
  void vscode.window.showInformationMessage(
    'Makini: no webhook signing secret was set, so one was generated and stored in secret storage. The local receiver verifies with it.',
  );
  return readWebhookSecrets(services.secrets);
}

/**
 * "Makini: Send Test Webhook…": a signed event of any type to the local receiver or any URL, with
 * Makini's retries, shown live in Webhook Deliveries. Resolves to the delivery records.
 */
export async function sendTestWebhook(
  services: SendDeps,
  rawArgs?: unknown,
): Promise<DeliveryRecord[] | undefined> {
  // From a connection's context menu the argument is its tree node: ask the rest, for that connection.
  const node = typeof rawArgs === 'object' && rawArgs !== null && 'kind' in rawArgs ? rawArgs : undefined;
  const fromConnection = node && 'key' in node && typeof node.key === 'string' ? node.key : undefined;
  const args = node ? undefined : parseArgs(rawArgs);
  const type = args?.type ?? (await pickEventType('Send Test Webhook: event type'));
  if (!type) return undefined;
  const connectionId =
    fromConnection ?? args?.connectionId ?? (args ? undefined : await pickConnection(services));
  if (connectionId === null) return undefined;
  let target = args ? (args.url ?? 'receiver') : await pickUrl(services);
  if (!target) return undefined;
  const options = args
    ? { duplicates: args.duplicates ?? 1, retryBaseMs: args.retryBaseMs }
    : await pickOptions();
  if (!options) return undefined;

  if (target === 'receiver') {
    target = await services.receiver.start();
  } else {
    await rememberUrl(services.globalState, RECENT_URLS_KEY, target);
  }
  const secrets = args?.secrets ? [...args.secrets] : await signingSecrets(services);
  const event = buildEvent(type, {
    ...(connectionId ? { connectionId } : {}),
    ...(args?.data !== undefined ? { data: args.data as never } : {}),
  });
  const url = target;
  const records = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Sending ${type} to ${url}`, cancellable: true },
    (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      const watch = services.deliveries.onDidChange((record) => {
        const last = record?.eventId === event.id ? record.attempts.at(-1) : undefined;
        if (last)
          progress.report({
            message: `attempt ${last.number}: ${last.response?.status ?? last.error?.kind ?? ''}`,
          });
      });
      return services.deliveries
        .send({
          url,
          event,
          secrets,
          duplicates: options.duplicates,
          retryBaseMs: options.retryBaseMs,
          maxAttempts: args?.maxAttempts,
          signal: abort.signal,
        })
        .finally(() => {
          watch.dispose();
        });
    },
  );
  const failed = records.filter((r) => r.status !== 'delivered');
  const summary = `${type}: ${records.length - failed.length} of ${records.length} delivered`;
  if (failed.length > 0) void vscode.window.showWarningMessage(`Makini: ${summary}.`);
  else void vscode.window.setStatusBarMessage(`Makini: ${summary}`, 5000);
  return records;
}
