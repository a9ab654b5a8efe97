import type { MakiniDevToolsApi } from '../../../src/extension';
import { treeRows } from './makiniApi';

/** The Local Receiver view's items as the user sees them: label and description. */
export async function receiverRows(
  makini: MakiniDevToolsApi,
): Promise<{ label: string; description: string }[]> {
  return (await treeRows(makini.views.receiverTree)).map(({ label, description }) => ({
    label,
    description,
  }));
}

/** The view's receipt rows, newest first, after its state rows (whose number varies). */
export async function receiptRows(
  makini: MakiniDevToolsApi,
): Promise<{ label: string; description: string }[]> {
  return (await treeRows(makini.views.receiverTree))
    .filter(({ node }) => node.kind === 'receipt')
    .map(({ label, description }) => ({ label, description }));
}

/** The description of the state row whose label starts with `label`. */
export async function stateRow(makini: MakiniDevToolsApi, label: string): Promise<string | undefined> {
  return (await receiverRows(makini)).find((r) => r.label.startsWith(label))?.description;
}
