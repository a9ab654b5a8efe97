import * as vscode from 'vscode';
import { waitFor } from '../integration/support/waitFor';

/** VS Code's own record of one extension's activation, in milliseconds. */
export interface ActivationTimes {
  readonly extensionId: string;
  /** Loading the extension's main module. */
  readonly loadCode: number;
  /** The `activate()` call itself. */
  readonly callActivate: number;
  /** Until the promise `activate()` returned settled. */
  readonly finishActivate: number;
  readonly event: string;
}

/**
 * "Developer: Startup Performance" is a text document the workbench writes from the extension
 * service's record; its "Extension Activation Stats" table is the same data as "Show Running
 * Extensions" (whose figure is Load Code + Call Activate).
 */
const PERF_URI = vscode.Uri.from({ scheme: 'perf', path: 'Startup Performance' });

/** Waits for `ids` to be active and answers the editor's record of their activations. */
export async function activationTimes(ids: readonly string[]): Promise<ActivationTimes[]> {
  await waitFor(
    () => ids.every((id) => vscode.extensions.getExtension(id)?.isActive),
    `${ids.join(', ')} to activate (${ids.map((id) => `${id}: ${state(id)}`).join(', ')})`,
    60_000,
  );
  // The document's provider registers with the "Startup Performance" editor; the renderer hears
  // of an activation a moment after the host, so read until every row is there.
  await vscode.commands.executeCommand('perfview.show');
  let rows: ActivationTimes[] = [];
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const document = await vscode.workspace.openTextDocument(PERF_URI);
    rows = parseActivationStats(document.getText()).filter((r) => ids.includes(r.extensionId));
    if (rows.length === ids.length) return rows;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`The startup performance record lists ${rows.length} of ${ids.length} extensions.`);
}

function state(id: string): string {
  const extension = vscode.extensions.getExtension(id);
  return extension ? (extension.isActive ? 'active' : 'inactive') : 'not loaded';
}

/** Reads the rows of the "Extension Activation Stats" markdown table. */
export function parseActivationStats(text: string): ActivationTimes[] {
  const start = text.indexOf('Extension Activation Stats');
  if (start < 0) return [];
  const rows: ActivationTimes[] = [];
  for (const line of text.slice(start).split('\n').slice(1)) {
    if (line.trim() === '') {
      if (rows.length > 0) break;
      continue;
    }
    // `| a | b |` splits into an empty cell at each end.
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    const [extensionId, , loadCode, callActivate, finishActivate, event] = cells;
    if (!extensionId || !/^\d+(\.\d+)?$/.test(loadCode ?? '')) continue;
    rows.push({
      extensionId,
      loadCode: Number(loadCode),
      callActivate: Number(callActivate),
      finishActivate: Number(finishActivate),
      event: event ?? '',
    });
  }
  return rows;
}
