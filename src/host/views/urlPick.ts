import * as vscode from 'vscode';

/** One choice of a URL pick; an empty `value` asks for a URL to type. */
export interface UrlChoice {
  readonly label: string;
  readonly detail: string;
  readonly value: string;
}

/**
 * Offers `choices` (known targets, recent URLs, "Enter a URL…") and answers the URL picked or
 * typed; undefined when dismissed.
 */
export async function pickUrl(
  title: string,
  choices: readonly UrlChoice[],
  placeHolder: string,
): Promise<string | undefined> {
  const picked = await vscode.window.showQuickPick(choices, { title });
  if (!picked) return undefined;
  if (picked.value) return picked.value;
  return vscode.window.showInputBox({
    title: `${title}: URL`,
    placeHolder,
    validateInput: (text) => (/^https?:\/\/\S+$/.test(text) ? undefined : 'Enter an http(s) URL'),
  });
}
