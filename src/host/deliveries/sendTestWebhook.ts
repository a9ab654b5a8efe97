import * as vscode from 'vscode';
import type { Webhook } from '../../core/events/envelope';
import type { EventType } from '../../core/events/catalog';
import {
  buildWebhook,
  type BuildWebhookOptions,
  EnvelopeNotAvailableError,
} from '../../core/events/webhookBuilder';
import type { DeliveryRecord } from '../../core/sender/deliveryRecord';
import { CommandIds } from '../constants';
import { RECENT_ENDPOINTS_KEY, recentUrls, rememberUrl } from '../config/recentUrls';
import { ensureWebhookSecret, readWebhookSecrets } from '../config/secretStore';
import { pickEventType } from '../commands/newWebhookPayload';
import type { SettingsService } from '../config/settings';
import type { SecretStore } from '../config/secretStore';
import type { ConnectionsService } from '../connections/connectionsService';
import type { ReceiverService } from '../receiver/receiverService';
import type { DeliveryService } from './deliveryService';
import { pickConnection, sampleConnection } from '../views/connectionPick';
import { Steps } from '../views/steps';
import { UserError } from '../userError';
import { endpointChoices, pickUrl, RECEIVER_CHOICE } from '../views/urlPick';
import { parseSendArgs, type SendTestWebhookArgs, sendArgsData } from './sendTestWebhookArgs';

const COMPRESSED_BASE_MS = 200;

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

/** The endpoint to send to, as the next of `steps`: `receiver`, the forward target, a recent URL or one typed. */
export function pickSendUrl(
  services: Pick<SendDeps, 'globalState' | 'receiver' | 'settings'>,
  steps = Steps.single(),
): Promise<string | undefined> {
  return pickUrl(
    'Send Test Webhook: endpoint',
    endpointChoices({
      receiverUrl: services.receiver.state.url,
      forwardTo: services.settings.value.forwardTo,
      recent: recentUrls(services.globalState, RECENT_ENDPOINTS_KEY),
    }),
    steps,
  );
}

async function pickOptions(steps: Steps): Promise<{ duplicates: number; retryBaseMs?: number } | undefined> {
  const picked = await steps.pickMany(
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
    { title: "Send Test Webhook: options (none selected: one delivery on Makini's schedule)" },
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
  if (!(await ensureWebhookSecret(services.secrets, services.settings.value.signatureScheme))) {
    return readWebhookSecrets(services.secrets);
  }
  await services.receiver.reloadSecrets();
  const copy = 'Copy Secret';
  void vscode.window
    .showInformationMessage(
      `Makini: no webhook signing secret was set, so a ${services.settings.value.signatureScheme}-scheme secret was generated. It is kept in VS Code's secret storage (the OS keychain), never in settings or logs; the local receiver verifies with it. Copy it to give it to your app.`,
      copy,
    )
    .then((picked) =>
      picked === copy ? vscode.commands.executeCommand(CommandIds.copyWebhookSecret) : undefined,
    );
  return readWebhookSecrets(services.secrets);
}

/** What one send is: the event, where to, how often and signed with what. */
interface SendRequest {
  readonly event: Webhook;
  readonly target: string;
  readonly options: { readonly duplicates: number; readonly retryBaseMs?: number };
  readonly args: SendTestWebhookArgs | undefined;
}

/** The send the arguments describe, asking the user for what they leave out; undefined when dismissed. */
async function resolveSend(services: SendDeps, rawArgs: unknown): Promise<SendRequest | undefined> {
  // From a connection's context menu the argument is its tree node: ask the rest, for that connection.
  const node = typeof rawArgs === 'object' && rawArgs !== null && 'kind' in rawArgs ? rawArgs : undefined;
  const fromConnection = node && 'key' in node && typeof node.key === 'string' ? node.key : undefined;
  const args = node ? undefined : parseSendArgs(rawArgs);
  const givenId = fromConnection ?? args?.connectionId;
  // Arguments answer all but the type; a connection's menu answers the connection.
  const askConnection = givenId === undefined && !args;
  const steps = new Steps((args?.type ? 0 : 1) + (askConnection ? 1 : 0) + (args ? 0 : 2));
  const type = args?.type ?? (await pickEventType('Send Test Webhook: event type', steps));
  if (!type) return undefined;
  const data = args?.data === undefined ? undefined : sendArgsData(type, args.data);
  const subject = askConnection
    ? await pickConnection(services.connections, 'Send Test Webhook: connection', steps)
    : sampleConnection(services.connections, givenId);
  if (subject === null) return undefined;
  const target = args ? (args.url ?? RECEIVER_CHOICE) : await pickSendUrl(services, steps);
  if (!target) return undefined;
  const options = args
    ? { duplicates: args.duplicates ?? 1, retryBaseMs: args.retryBaseMs }
    : await pickOptions(steps);
  if (!options) return undefined;
  const event = webhookFor(services, type, { ...subject, ...(data !== undefined ? { data } : {}) }, args);
  return { event, target, options, args };
}

/**
 * The event in its envelope: the one asked for in the arguments, else the setting's for entity
 * events (the others exist only as detailed).
 * @throws UserError (`invalidArguments`) for an envelope the type does not exist in.
 */
function webhookFor(
  services: SendDeps,
  type: EventType,
  event: Pick<BuildWebhookOptions<unknown>, 'connectionId' | 'provider' | 'data'>,
  args: SendTestWebhookArgs | undefined,
): Webhook {
  try {
    return buildWebhook(type, {
      ...(event as BuildWebhookOptions<never>),
      entityEnvelope: services.settings.value.webhookEnvelope,
      ...(args?.envelope ? { envelope: args.envelope } : {}),
      ...(args?.ids ? { ids: args.ids } : {}),
    });
  } catch (error) {
    if (error instanceof EnvelopeNotAvailableError)
      throw new UserError('invalidArguments', `Send Test Webhook: ${error.message}`, { cause: error });
    throw error;
  }
}

/**
 * "Makini: Send Test Webhook…": a signed event of any type to the local receiver or any URL, with
 * Makini's retries, shown live in Webhook Deliveries. Resolves to the delivery records.
 * @throws UserError (`invalidArguments`) naming what is wrong with arguments given from outside.
 */
export async function sendTestWebhook(
  services: SendDeps,
  rawArgs?: unknown,
): Promise<DeliveryRecord[] | undefined> {
  const send = await resolveSend(services, rawArgs);
  if (!send) return undefined;
  const { event, options, args } = send;
  let url = send.target;
  if (url === RECEIVER_CHOICE) url = await services.receiver.start();
  else await rememberUrl(services.globalState, RECENT_ENDPOINTS_KEY, url);
  const secrets = args?.secrets ? [...args.secrets] : await signingSecrets(services);
  const records = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Sending ${event.type} to ${url}`,
      cancellable: true,
    },
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
          ...options,
          maxAttempts: args?.maxAttempts,
          ...(args?.headers ? { headers: args.headers } : {}),
          signal: abort.signal,
        })
        .finally(() => {
          watch.dispose();
        });
    },
  );
  const failed = records.filter((r) => r.status !== 'delivered');
  const summary = `${event.type}: ${records.length - failed.length} of ${records.length} delivered`;
  if (failed.length > 0) void vscode.window.showWarningMessage(`Makini: ${summary}.`);
  else void vscode.window.setStatusBarMessage(`Makini: ${summary}`, 5000);
  return records;
}
