import * as vscode from 'vscode';
import { newSecret } from '../../core/signing/schemes';
import { SecretKeys, type SecretStore, readWebhookSecrets, writeWebhookSecret } from '../config/secretStore';
import { CommandIds } from '../constants';
import type { ReceiverCommandDeps } from '../receiver/receiverCommands';
import type { CommandTable } from './registerCommands';
import { UserError } from '../userError';

/** What the signing-secret commands work with: the receiver they reload, and the secret store. */
export type SecretCommandDeps = ReceiverCommandDeps & { readonly secrets: SecretStore };

/** Setting, rotating and clearing the webhook signing secrets the receiver verifies with. */
export function secretCommands(deps: SecretCommandDeps): CommandTable {
  return {
    [CommandIds.setWebhookSecret]: (given) => setWebhookSecret(deps, given),
    [CommandIds.rotateWebhookSecret]: (given) => rotateWebhookSecret(deps, given),
    [CommandIds.clearWebhookSecrets]: () => clearWebhookSecrets(deps),
    [CommandIds.generateWebhookSecret]: () => generateWebhookSecret(deps),
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
  const choice = await vscode.window.showQuickPick(
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
  return vscode.window.showInputBox({
    title,
    prompt: 'Kept in VS Code secret storage, never in settings or logs',
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() === '' ? 'The secret cannot be empty' : undefined),
  });
}

/** "Makini: Set Webhook Signing Secret…": replaces every secret with one. */
async function setWebhookSecret(services: SecretCommandDeps, given?: unknown): Promise<boolean> {
  const secret = await obtainSecret(services, given, 'Set Webhook Signing Secret');
  if (!secret) return false;
  await writeWebhookSecret(services.secrets, secret, false);
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
  await writeWebhookSecret(services.secrets, secret, false);
  await services.receiver.reloadSecrets();
  services.output.info(`A ${services.settings.value.signatureScheme} webhook signing secret was generated`);
  void vscode.window.showInformationMessage(
    'Makini: a new webhook signing secret is stored in VS Code secret storage and copied to the clipboard: give it to your app.',
  );
  return true;
}

/** "Makini: Rotate Webhook Signing Secret…": a new secret, the previous still accepted. */
async function rotateWebhookSecret(services: SecretCommandDeps, given?: unknown): Promise<boolean> {
  const secret = await obtainSecret(services, given, 'Rotate Webhook Signing Secret');
  if (!secret) return false;
  await writeWebhookSecret(services.secrets, secret, true);
  await services.receiver.reloadSecrets();
  const count = (await readWebhookSecrets(services.secrets)).length;
  services.output.info(`Webhook signing secret rotated; ${count} secret(s) accepted`);
  return true;
}

/** "Makini: Clear Webhook Signing Secrets": the receiver then accepts webhooks unverified. */
async function clearWebhookSecrets(services: SecretCommandDeps): Promise<void> {
  await services.secrets.delete(SecretKeys.webhookSecrets);
  await services.receiver.reloadSecrets();
  services.output.info('Webhook signing secrets cleared');
}
