import * as vscode from 'vscode';
import type { ReceiptRecord } from '../../core/receiver/receiptRecord';
import { toCurl } from '../../core/sender/curlCommand';
import type { AttemptRequest } from '../../core/sender/deliveryRecord';
import { type HttpAttemptResult, sendHttpAttempt } from '../../core/sender/httpAttempt';
import type { HostServices } from '../services';

/** Headers a relay must not copy: they describe the old connection, not the webhook. */
const HOP_BY_HOP = new Set([
  'host',
  'connection',
  'content-length',
  'transfer-encoding',
  'keep-alive',
  'expect',
]);

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
  if (receipt.bodyTruncated)
    throw new Error(
      `Only the first ${receipt.body.length} bytes of this webhook were kept; it cannot be repeated.`,
    );
  return receipt;
}

function requestFor(receipt: ReceiptRecord, url: string): AttemptRequest {
  const headers = Object.fromEntries(
    Object.entries(receipt.headers).filter(([name]) => !HOP_BY_HOP.has(name)),
  );
  return { method: 'POST', url, headers, body: receipt.body, insecure: false, timeoutMs: 10_000 };
}

/** "Copy as curl": the received request, as a command that sends it to the receiver again. */
export async function copyReceiptAsCurl(services: HostServices, target: unknown): Promise<string> {
  const receipt = receiptFrom(services, target);
  const base = services.receiver.state.url ?? `http://127.0.0.1:${services.settings.value.receiverPort}/`;
  const curl = toCurl({ request: requestFor(receipt, new URL(receipt.path, base).toString()) });
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
  const request = requestFor(receipt, forwardTo);
  const result = await sendHttpAttempt({
    url: new URL(forwardTo),
    headers: { ...request.headers, 'x-makini-devtools-replay': receipt.id },
    body: Buffer.from(request.body, 'utf8'),
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
