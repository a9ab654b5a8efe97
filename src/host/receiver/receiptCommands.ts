import * as vscode from 'vscode';
import type { ReceiptRecord } from '../../core/receiver/receiptRecord';
import { toCurl } from '../../core/sender/curlCommand';
import { exactReceiptBody, receiptCurlRequest, replayHeaders } from '../../core/sender/receiptReplay';
import { type HttpAttemptResult, sendHttpAttempt } from '../../core/sender/httpAttempt';
import type { HostServices } from '../services';

/** The receipt a command was invoked on: a tree node `{receipt}`, a URI or a receipt id. */
function receiptFrom({ receiver }: HostServices, target: unknown): ReceiptRecord {
  let id: string | undefined;
  if (typeof target === 'string') id = target;
  else if (target instanceof vscode.Uri) id = target.path.replace(/^\//, '').replace(/\.json$/, '');
  else if (typeof target === 'object' && target !== null && 'receipt' in target) {
    const receipt = target.receipt;
    if (typeof receipt === 'object' && receipt !== null && 'id' in receipt && typeof receipt.id === 'string')
      id = receipt.id;
  }
  const receipt = id === undefined ? undefined : receiver.receipts.get(id);
  if (!receipt) throw new Error('Pick a received webhook in the Local Receiver view first.');
  return receipt;
}

/** "Copy as curl": the received request, as a command that sends it to the receiver again. */
export async function copyReceiptAsCurl(services: HostServices, target: unknown): Promise<string> {
  const receipt = receiptFrom(services, target);
  const base = services.receiver.state.url ?? `http://127.0.0.1:${services.settings.value.receiverPort}/`;
  // The receiver's own origin and the recorded path: a request target can never pick the host.
  const curl = toCurl({ request: receiptCurlRequest(receipt, base) });
  await vscode.env.clipboard.writeText(curl);
  void vscode.window.setStatusBarMessage('Makini: curl command copied', 3000);
  return curl;
}

/**
 * "Replay to Forward Target": the exact bytes and headers received, sent again to your app
 * (`makini.receiver.forwardTo`). Signatures stay valid; a timestamped scheme may call it stale.
 */
export async function replayReceipt(services: HostServices, target: unknown): Promise<HttpAttemptResult> {
  const receipt = receiptFrom(services, target);
  const forwardTo = services.settings.value.forwardTo;
  if (!forwardTo) throw new Error("Set makini.receiver.forwardTo to your app's webhook URL first.");
  const body = exactReceiptBody(receipt);
  const result = await sendHttpAttempt({
    url: new URL(forwardTo),
    headers: { ...replayHeaders(receipt), 'x-makini-devtools-replay': receipt.id },
    body,
    timeoutMs: 10_000,
  });
  const outcome =
    'response' in result ? `${result.response.status}` : `${result.error.kind}: ${result.error.message}`;
  services.output.info(
    `Replayed ${receipt.id} (${receipt.eventType ?? 'request'}) to ${forwardTo}: ${outcome}`,
  );
  void vscode.window.setStatusBarMessage(`Makini: replayed to ${forwardTo}: ${outcome}`, 5000);
  return result;
}
