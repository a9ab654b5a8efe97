import type * as vscode from 'vscode';

const KEPT = 5;

/** The endpoints recently sent to or checked: one list, which every endpoint pick offers. */
export const RECENT_ENDPOINTS_KEY = 'makini.recentWebhookUrls';

/** The URLs last used under `key` (kept in global state), newest first. */
export function recentUrls(state: vscode.Memento, key: string): string[] {
  return state.get<string[]>(key, []);
}

/** Puts `url` first in the recent URLs under `key`, keeping the newest few. */
export async function rememberUrl(state: vscode.Memento, key: string, url: string): Promise<void> {
  await state.update(key, [url, ...recentUrls(state, key).filter((u) => u !== url)].slice(0, KEPT));
}
