import * as vscode from 'vscode';
import type { HostServices } from '../services';

/** "Makini: Start Receiver": answers the URL it listens on. */
export async function startReceiver({ receiver }: HostServices): Promise<string> {
  const url = await receiver.start();
  void vscode.window.setStatusBarMessage(`Makini receiver listening on ${url}`, 5000);
  return url;
}

export async function stopReceiver({ receiver }: HostServices): Promise<void> {
  await receiver.stop();
}

/** "Makini: Copy Receiver URL": starts the receiver first when it is not running. */
export async function copyReceiverUrl({ receiver }: HostServices): Promise<string> {
  const url = await receiver.start();
  await vscode.env.clipboard.writeText(url);
  void vscode.window.setStatusBarMessage(`Copied ${url}`, 3000);
  return url;
}

/** Opens a receipt (a `makini-receipt:` URI or a receipt id) as a read-only JSON document. */
export async function openReceipt(_services: HostServices, target: unknown): Promise<vscode.TextEditor> {
  const uri =
    target instanceof vscode.Uri
      ? target
      : typeof target === 'string'
        ? vscode.Uri.from({ scheme: 'makini-receipt', path: `/${target}.json` })
        : undefined;
  if (!uri) throw new Error('Open Receipt needs a receipt from the Local Receiver view.');
  const document = await vscode.languages.setTextDocumentLanguage(
    await vscode.workspace.openTextDocument(uri),
    'json',
  );
  return vscode.window.showTextDocument(document, { preview: true });
}
