import * as vscode from 'vscode';
import type { LogStore } from '../../core/logStore/logStore';
import type { ReceiptRecord } from '../../core/receiver/receiptRecord';

export const RECEIPT_SCHEME = 'makini-receipt';

export function receiptUri(id: string): vscode.Uri {
  return vscode.Uri.from({ scheme: RECEIPT_SCHEME, path: `/${id}.json` });
}

/** `text` parsed when it is JSON; otherwise (or cut short) the text it is. */
function parsedIfJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * A receipt as the JSON document the editor opens: headers and the body, and the forward target's
 * answer (its first 64 KiB), each parsed when it is JSON.
 */
export function receiptDocument(receipt: ReceiptRecord): string {
  const body = parsedIfJson(receipt.body);
  const forward =
    receipt.forward?.body !== undefined
      ? { forward: { ...receipt.forward, body: parsedIfJson(receipt.forward.body) } }
      : {};
  return `${JSON.stringify({ ...receipt, body, ...forward }, null, 2)}\n`;
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
