import * as vscode from 'vscode';
import { PORTAL_WEBHOOKS_PATH } from '../../core/contract/makiniContract';
import { PASTE_INTO, publicUrlProblem, tunnelCommand } from '../../core/receiver/publicUrl';
import { CommandIds, ContextValues } from '../constants';
import type { PublicUrlState } from './publicUrlService';
import type { StateNode } from './receiverTreeModel';

/**
 * The Local Receiver view's public URL row: the full webhook URL to paste into Makini's portal,
 * marked when it is not https; with no tunnel, the one command that opens one.
 */
export function publicUrlNode(state: PublicUrlState): StateNode {
  if (state.kind === 'none') {
    const command = tunnelCommand(state.port);
    const item = new vscode.TreeItem('No public URL');
    item.id = 'receiver.state.publicUrl';
    item.description = `run ${command} so Makini can reach the receiver`;
    item.tooltip = `Makini sends webhooks from the internet; the receiver listens on this machine only. Run "${command}" in a terminal and the public URL shows here, ${PASTE_INTO}. For another tunnel, set makini.receiver.publicUrl.`;
    item.iconPath = new vscode.ThemeIcon('globe');
    return { kind: 'state', id: 'publicUrl', item };
  }
  const { webhookUrl, source } = state.url;
  const problem = publicUrlProblem(state.url);
  const item = new vscode.TreeItem('Public URL');
  item.id = 'receiver.state.publicUrl';
  item.description = problem
    ? `${webhookUrl} · not https: Makini requires HTTPS`
    : `${webhookUrl} · paste into ${PORTAL_WEBHOOKS_PATH}`;
  const from = source === 'ngrok' ? "ngrok's tunnel to the receiver" : 'makini.receiver.publicUrl';
  item.tooltip = [
    `${webhookUrl}`,
    `From ${from}, ${PASTE_INTO}.`,
    ...(problem ? [`Not usable: ${problem}`] : []),
  ].join('\n\n');
  item.iconPath = problem
    ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('editorWarning.foreground'))
    : new vscode.ThemeIcon('globe');
  item.contextValue = ContextValues.receiverPublicUrl;
  item.command = { command: CommandIds.copyPublicUrl, title: 'Copy Public Webhook URL' };
  return { kind: 'state', id: 'publicUrl', item };
}
