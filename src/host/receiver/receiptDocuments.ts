import * as vscode from 'vscode';
import type { LogStore } from '../../core/logStore/logStore';
import type { ReceiptRecord } from '../../core/receiver/receiptRecord';

export const RECEIPT_SCHEME = 'makini-receipt';

export function receiptUri(id: string): vscode.Uri {
  return vscode.Uri.from({ scheme: RECEIPT_SCHEME, path: `/${id}.json` });
}

/** A receipt as the JSON document the editor opens: headers and the body, parsed when it is JSON. */
export function receiptDocument(receipt: ReceiptRecord): string {
  let body: unknown = receipt.body;
  try {
    body = JSON.parse(receipt.body) as unknown;
  } catch {
    // Not JSON (or cut short): shown as the text it is.
  }
  return `${JSON.stringify({ ...receipt, body }, null, 2)}\n`;
}

/** Serves `makini-receipt:/<id>.json` read-only documents from the receipts log. */
export class ReceiptDocumentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly receipts: LogStore<ReceiptRecord>) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    const id = uri.path.replace(/^\//, '').replace(/\.json$/, '');
    const receipt = this.receipts.get(id);
    if (!receipt) return `// Receipt ${id} is no longer in the log (it was cleared or rotated out).\n`;
    return receiptDocument(receipt);
  }
}
