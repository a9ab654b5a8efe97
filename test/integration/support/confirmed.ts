import { secretCommands } from '../../../src/host/commands/secretCommands';
import type { Confirm } from '../../../src/host/views/confirm';
import { CommandIds } from '../../../src/host/constants';
import { receiverCommands } from '../../../src/host/receiver/receiverCommands';
import type { MakiniDevToolsApi } from '../../../src/extension';
import { ViewFilter } from '../../../src/host/views/viewFilter';

/** A confirmation the test gives: records what was asked and answers `answer`. */
export function answering(answer: boolean): Confirm & { readonly asked: string[] } {
  const asked: string[] = [];
  const confirm = (message: string, action: string, detail?: string): Promise<boolean> => {
    asked.push(`${message} [${action}] ${detail ?? ''}`);
    return Promise.resolve(answer);
  };
  return Object.assign(confirm, { asked });
}

/** The secret and receiver commands on the extension's own services, their modals answered by `confirm`. */
export function commandsConfirmedBy(makini: MakiniDevToolsApi, confirm: Confirm) {
  const { receiver, settings, output, secrets, refusalPanels } = makini.services;
  return {
    ...secretCommands({ receiver, settings, output, secrets, confirm }),
    // Only the confirmed commands are called from here; the filter is never the view's.
    ...receiverCommands({ receiver, settings, output, refusalPanels, confirm, filter: new ViewFilter() }),
  };
}

/** Clears the webhook signing secrets, answering the confirmation yes. */
export async function clearSecretsConfirmed(makini: MakiniDevToolsApi): Promise<void> {
  await commandsConfirmedBy(makini, answering(true))[CommandIds.clearWebhookSecrets]?.();
}

/** Clears the received webhooks, answering the confirmation yes. */
export async function clearReceiptsConfirmed(makini: MakiniDevToolsApi): Promise<void> {
  await commandsConfirmedBy(makini, answering(true))[CommandIds.clearReceipts]?.();
}
