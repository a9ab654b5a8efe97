import * as vscode from 'vscode';
import { newSecret } from '../../core/signing/schemes';
import { SecretKeys, type SecretStore, readWebhookSecrets, writeWebhookSecret } from '../config/secretStore';
import { CommandIds } from '../constants';
import type { ReceiverCommandDeps } from '../receiver/receiverCommands';
import type { CommandTable } from './registerCommands';
import { UserError } from '../userError';
import { type Confirm, modalConfirm } from '../views/confirm';
import { Steps } from '../views/steps';

/**
 * What the signing-secret commands work with: the receiver they reload, the secret store, and how
 * to ask before clearing or copying a secret (a modal unless a test answers).
 */
export type SecretCommandDeps = Omit<ReceiverCommandDeps, 'refusalPanels' | 'filter'> & {
  readonly secrets: SecretStore;
  readonly confirm?: Confirm;
};

/** Setting, rotating and clearing the webhook signing secrets the receiver verifies with. */
export function secretCommands(deps: SecretCommandDeps): CommandTable {
  return {
    [CommandIds.setWebhookSecret]: (given) => setWebhookSecret(deps, given),
    [CommandIds.rotateWebhookSecret]: (given) => rotateWebhookSecret(deps, given),
    [CommandIds.clearWebhookSecrets]: () => clearWebhookSecrets(deps),
    [CommandIds.generateWebhookSecret]: () => generateWebhookSecret(deps),
    [CommandIds.copyWebhookSecret]: () => copyWebhookSecret(deps),
  };
}

/** A secret given as an argument, typed by the user, or generated in the scheme's form. */
async function obtainSecret(
  services: Pick<SecretCommandDeps, 'settings'>,
  given: unknown,
  title: string,
): Promise<string | undefined> {
  if (typeof given === 'string' && given.length > 0) return given;
  if (given !== undefined)
    throw new UserError('invalidArguments', 'A webhook signing secret must be a non-empty string.');
  // Typing the secret is the same step as choosing to: one question, so no step count.
  const steps = Steps.single();
  const choice = await steps.pick(
    [
      {
        label: 'Generate a new secret',
        detail: 'A random secret, copied to the clipboard for your app',
        generate: true,
      },
      {
        label: 'Enter the secret',
        detail: 'The one configured for your webhook endpoint in Makini',
        generate: false,
      },
    ],
    { title },
  );
  if (!choice) return undefined;
  if (choice.generate) {
    const secret = newSecret(services.settings.value.signatureScheme);
    await vscode.env.clipboard.writeText(secret);
    return secret;
  }
  return steps.retype({
    title,
    prompt: 'Kept in VS Code secret storage, never in settings or logs',
    password: true,
    ignoreFocusOut: true,
    validate: (value) => (value.trim() === '' ? 'The secret cannot be empty' : undefined),
  });
}

/** "Makini: Set Webhook Signing Secret…": replaces every secret with one. */
async function setWebhookSecret(services: SecretCommandDeps, given?: unknown): Promise<boolean> {
  const secret = await obtainSecret(services, given, 'Set Webhook Signing Secret');
  if (!secret) return false;
  await writeWebhookSecret(services.secrets, secret);
  await services.receiver.reloadSecrets();
  services.output.info('Webhook signing secret set');
  return true;
}

/**
 * "Makini: Generate Webhook Signing Secret": a fresh secret in the chosen scheme's form (`whsec_…`
 * for standard) replaces the stored ones and is copied to the clipboard, for the app to verify with.
 */
async function generateWebhookSecret(services: SecretCommandDeps): Promise<boolean> {
  const secret = newSecret(services.settings.value.signatureScheme);
  await vscode.env.clipboard.writeText(secret);
  await writeWebhookSecret(services.secrets, secret);
  await services.receiver.reloadSecrets();
  services.output.info(`A ${services.settings.value.signatureScheme} webhook signing secret was generated`);
  void vscode.window.showInformationMessage(
    'Makini: a new webhook signing secret is stored in VS Code secret storage and copied to the clipboard: give it to your app.',
  );
  return true;
}

/** "Makini: Rotate Webhook Signing Secret…": a new secret; the previous stays accepted for the overlap. */
async function rotateWebhookSecret(services: SecretCommandDeps, given?: unknown): Promise<boolean> {
  const secret = await obtainSecret(services, given, 'Rotate Webhook Signing Secret');
  if (!secret) return false;
  const hours = services.settings.value.rotationOverlapHours;
  const until = new Date(Date.now() + hours * 3_600_000);
  await writeWebhookSecret(services.secrets, secret, until);
  await services.receiver.reloadSecrets();
  const count = (await readWebhookSecrets(services.secrets)).length;
  services.output.info(
    `Webhook signing secret rotated; ${count === 1 ? 'one secret' : `${count} secrets`} accepted until ${until.toISOString()}, then only the new one`,
  );
  return true;
}

/** "Makini: Clear Webhook Signing Secrets", once confirmed: the receiver then accepts webhooks unverified. */
async function clearWebhookSecrets(services: SecretCommandDeps): Promise<boolean> {
  const confirm = services.confirm ?? modalConfirm;
  const sure = await confirm(
    'Clear every webhook signing secret?',
    'Clear Secrets',
    'The local receiver then accepts webhooks unverified, and a new secret must be given to your app.',
  );
  if (!sure) return false;
  await services.secrets.delete(SecretKeys.webhookSecrets);
  await services.secrets.delete(SecretKeys.webhookSecretsPreviousUntil);
  await services.receiver.reloadSecrets();
  services.output.info('Webhook signing secrets cleared');
  return true;
}

/**
 * "Makini: Copy Webhook Signing Secret", after a warning: the newest secret on the clipboard, for
 * the developer's app to verify with. Never written to the log.
 * @throws UserError (`notConfigured`) when no secret is set.
 */
async function copyWebhookSecret(services: SecretCommandDeps): Promise<boolean> {
  const [secret] = await readWebhookSecrets(services.secrets);
  if (!secret)
    throw new UserError(
      'notConfigured',
      'No webhook signing secret is set: run Makini: Set Webhook Signing Secret… first.',
    );
  const confirm = services.confirm ?? modalConfirm;
  const sure = await confirm(
    'Copy the webhook signing secret to the clipboard?',
    'Copy Secret',
    "Anyone who has it can sign webhooks your app accepts, and other apps can read the clipboard. Paste it only into your app's configuration or secret store.",
  );
  if (!sure) return false;
  await vscode.env.clipboard.writeText(secret);
  services.output.info('The webhook signing secret was copied to the clipboard');
  void vscode.window.setStatusBarMessage('Makini: signing secret copied', 5000);
  return true;
}
