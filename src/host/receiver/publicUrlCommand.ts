import * as vscode from 'vscode';
import { PORTAL_WEBHOOKS_PATH } from '../../core/contract/makiniContract';
import { publicUrlProblem, tunnelCommand } from '../../core/receiver/publicUrl';
import type { CommandTable } from '../commands/registerCommands';
import { CommandIds } from '../constants';
import { UserError } from '../userError';
import type { PublicUrlService } from './publicUrlService';
import type { ReceiverService } from './receiverService';

interface PublicUrlCommandDeps {
  readonly receiver: Pick<ReceiverService, 'start'>;
  readonly publicUrl: Pick<PublicUrlService, 'refresh'>;
}

/** The public URL's command. */
export function publicUrlCommands(deps: PublicUrlCommandDeps): CommandTable {
  return { [CommandIds.copyPublicUrl]: () => copyPublicUrl(deps) };
}

/**
 * "Makini: Copy Public Webhook URL": the receiver's public webhook URL, path included, to paste
 * into Makini's portal. The tunnel is looked for again first, since the view may be hidden.
 * @throws UserError `notConfigured` when there is no tunnel, saying how to open one.
 */
async function copyPublicUrl({ receiver, publicUrl }: PublicUrlCommandDeps): Promise<string> {
  const local = await receiver.start();
  const state = await publicUrl.refresh();
  if (state?.kind !== 'found') {
    const port = state?.port ?? Number(new URL(local).port);
    throw new UserError(
      'notConfigured',
      `No public URL: run \`${tunnelCommand(port)}\` for Makini to reach the receiver, or set makini.receiver.publicUrl to your tunnel's address.`,
    );
  }
  const { webhookUrl } = state.url;
  await vscode.env.clipboard.writeText(webhookUrl);
  const problem = publicUrlProblem(state.url);
  if (problem) void vscode.window.showWarningMessage(`Makini: copied ${webhookUrl}, but ${problem}`);
  else
    void vscode.window.setStatusBarMessage(
      `Copied ${webhookUrl}: paste it into ${PORTAL_WEBHOOKS_PATH}`,
      5000,
    );
  return webhookUrl;
}
