import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import type { LogStore } from '../../core/logStore/logStore';
import { exportReceiptsHar } from '../../core/receiver/receiptHar';
import type { ReceiptRecord } from '../../core/receiver/receiptRecord';
import { countOf } from '../../core/text/plural';
import { UserError } from '../userError';

/**
 * "Export Received Webhooks as HAR…": every logged receipt, one HAR entry per request, as
 * "Export Deliveries as HAR…" does for deliveries. Argument: the file path to write.
 */
export async function exportReceivedAsHar(
  receipts: LogStore<ReceiptRecord>,
  target?: unknown,
): Promise<string | undefined> {
  const records = receipts.query({ limit: Number.MAX_SAFE_INTEGER }).records;
  if (records.length === 0)
    throw new UserError(
      'nothingYet',
      'There are no received webhooks to export yet: start the receiver and send one to it first.',
    );
  let file = typeof target === 'string' ? target : undefined;
  if (!file) {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const picked = await vscode.window.showSaveDialog({
      title: 'Export Received Webhooks as HAR',
      filters: { 'HTTP Archive': ['har'] },
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, 'makini-received.har') } : {}),
    });
    file = picked?.fsPath;
  }
  if (!file) return undefined;
  await fs.writeFile(file, exportReceiptsHar(records));
  void vscode.window.setStatusBarMessage(
    `Makini: ${countOf(records.length, 'received webhook')} exported to ${file}`,
    5000,
  );
  return file;
}
