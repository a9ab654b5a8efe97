import { Sandbox, SANDBOX_CREDENTIALS } from '../../core/sandbox/sandbox';
import { SenderDispatcher } from '../../core/sandbox/sandboxSender';
import type { SettingsService } from '../config/settings';
import type * as vscode from 'vscode';
import { ensureWebhookSecret, readWebhookSecrets, type SecretStore } from '../config/secretStore';
import type { ReceiverService } from '../receiver/receiverService';

/** What the embedded sandbox is started with. */
export interface SandboxHostDeps {
  readonly secrets: SecretStore;
  readonly settings: SettingsService;
  readonly receiver: ReceiverService;
  readonly output: vscode.LogOutputChannel;
}

export interface RunningSandbox {
  readonly sandbox: Sandbox;
  /** Its base URL, with a trailing slash. */
  readonly url: string;
  /** Stops the server and its webhooks, and waits for both. */
  stop(): Promise<void>;
}

/**
 * Starts the embedded sandbox on loopback with its webhooks pointed at the local receiver, signed
 * with the current signing secret (one is generated when none is set, so they verify).
 */
export async function startSandbox(deps: SandboxHostDeps): Promise<RunningSandbox> {
  const { secrets, settings, receiver, output } = deps;
  if (await ensureWebhookSecret(secrets, settings.value.signatureScheme)) {
    output.info(
      'Generated a webhook signing secret for the sandbox and the local receiver (kept in secret storage).',
    );
  }
  await receiver.reloadSecrets();
  let secret = (await readWebhookSecrets(secrets))[0] ?? '';
  // The dispatcher reads its target at each webhook; keep the secret current without awaiting there.
  const watch = secrets.onDidChange(() => {
    void readWebhookSecrets(secrets).then((all) => (secret = all[0] ?? secret));
  });
  const dispatcher = new SenderDispatcher(() => ({
    url: receiver.state.url ?? 'http://127.0.0.1:9/not-running',
    secret,
    scheme: settings.value.signatureScheme,
    encoding: settings.value.signatureEncoding,
    retry: { baseDelayMs: settings.value.retryBaseMs, maxAttempts: settings.value.maxAttempts },
    timeoutMs: settings.value.deliveryTimeoutMs,
    entityEnvelope: settings.value.webhookEnvelope,
  }));
  const sandbox = new Sandbox({
    credentials: SANDBOX_CREDENTIALS,
    dispatcher,
    connections: connectionCount(),
  });
  sandbox.onEvent((event) => {
    if (event.type === 'change') output.info(`Sandbox: ${event.change.kind} on ${event.connection.key}`);
  });
  const url = await sandbox.start();
  output.info(`Sandbox (a local Makini) listening on ${url}`);
  return {
    sandbox,
    url,
    stop: async () => {
      watch.dispose();
      await sandbox.stop();
    },
  };
}

/**
 * `MAKINI_SANDBOX_CONNECTIONS=N` fills the sandbox with N generated connections instead of the
 * eight demo ones, to see (and benchmark) the views at scale. Unset, or not a positive integer:
 * the demo ones.
 */
function connectionCount(): number | undefined {
  const count = Number(process.env.MAKINI_SANDBOX_CONNECTIONS);
  return Number.isInteger(count) && count > 0 ? count : undefined;
}
