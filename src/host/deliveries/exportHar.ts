import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import { exportDeliveriesHar } from '../../core/sender/harExport';
import type { DeliveryService } from './deliveryService';
import { UserError } from '../userError';
import { countOf } from '../../core/text/plural';

/**
 * "Export Deliveries as HAR…": every logged delivery, one HAR entry per attempt, so any HTTP tool
 * (browser dev tools, Insomnia, Charles) can open them. Argument: the file path to write.
 */
export async function exportDeliveriesAsHar(
  deliveries: DeliveryService,
  target?: unknown,
): Promise<string | undefined> {
  const records = deliveries.log.query({ limit: Number.MAX_SAFE_INTEGER }).records;
  if (records.length === 0)
    throw new UserError('nothingYet', 'There are no deliveries to export yet: send a test webhook first.');
  let file = typeof target === 'string' ? target : undefined;
  if (!file) {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const picked = await vscode.window.showSaveDialog({
      title: 'Export Deliveries as HAR',
      filters: { 'HTTP Archive': ['har'] },
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, 'makini-deliveries.har') } : {}),
    });
    file = picked?.fsPath;
  }
  if (!file) return undefined;
  await fs.writeFile(file, exportDeliveriesHar(records));
  void vscode.window.setStatusBarMessage(
    `Makini: ${countOf(records.length, 'delivery', 'deliveries')} exported to ${file}`,
    5000,
  );
  return file;
}
