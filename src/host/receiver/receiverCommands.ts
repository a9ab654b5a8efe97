import * as vscode from 'vscode';
import type { FailureSimulation } from '../../core/receiver/failureSimulation';
import type { ReceiptRecord } from '../../core/receiver/receiptRecord';
import { toCurl } from '../../core/sender/curlCommand';
import { exactReceiptBody, receiptCurlRequest, replayHeaders } from '../../core/sender/receiptReplay';
import { type HttpAttemptResult, sendHttpAttempt } from '../../core/sender/httpAttempt';
import type { SettingsService } from '../config/settings';
import type { CommandTable } from '../commands/registerCommands';
import { CommandIds } from '../constants';
import { exportReceivedAsHar } from './exportReceiptsHar';
import { filterView } from '../views/filterView';
import type { ViewFilter } from '../views/viewFilter';
import { REPLAY_HEADER } from './receiptPresentation';
import type { ReceiverService } from './receiverService';
import type { RefusalPanels } from './refusalPanel';
import { UserError } from '../userError';
import { type Confirm, modalConfirm } from '../views/confirm';
import { Steps } from '../views/steps';

/** What the receiver's commands work with. */
export interface ReceiverCommandDeps {
  readonly receiver: ReceiverService;
  readonly settings: SettingsService;
  readonly output: vscode.LogOutputChannel;
  /** "Why was this refused?" panels. */
  readonly refusalPanels: RefusalPanels;
  /** How to ask before clearing (a modal unless a test answers). */
  readonly confirm?: Confirm;
  /** What the Local Receiver view is filtered by. */
  readonly filter: ViewFilter;
}

/** The Local Receiver's commands: start, stop, its URL, its receipts and simulated failures. */
export function receiverCommands(deps: ReceiverCommandDeps): CommandTable {
  return {
    [CommandIds.startReceiver]: () => startReceiver(deps),
    [CommandIds.stopReceiver]: () => deps.receiver.stop(),
    [CommandIds.simulateReceiverFailures]: (given) => simulateReceiverFailures(deps, given),
    [CommandIds.copyReceiverUrl]: () => copyReceiverUrl(deps),
    [CommandIds.openReceipt]: (target) => openReceipt(target),
    [CommandIds.copyReceiptAsCurl]: (target) => copyReceiptAsCurl(deps, target),
    [CommandIds.replayReceipt]: (target) => replayReceipt(deps, target),
    [CommandIds.clearReceipts]: () => clearReceipts(deps),
    [CommandIds.filterReceipts]: (line) => filterView('receipts', deps.filter, line),
    [CommandIds.clearReceiptsFilter]: () => deps.filter.clear(),
    [CommandIds.exportReceiptsHar]: (target) => exportReceivedAsHar(deps.receiver.receipts, target),
    [CommandIds.explainRefusal]: (target) => deps.refusalPanels.show(receiptFrom(deps, target)),
    [CommandIds.applyRefusalFix]: (target) => deps.refusalPanels.applyFix(receiptFrom(deps, target)),
  };
}

/** "Makini: Clear Received Webhooks", once confirmed: empties the receipts log, on disk too. */
async function clearReceipts({ receiver, confirm = modalConfirm }: ReceiverCommandDeps): Promise<boolean> {
  const count = receiver.receipts.size;
  const sure = await confirm(
    `Clear ${count === 1 ? 'the received webhook' : `all ${count} received webhooks`}?`,
    'Clear',
    'They are deleted from the log on disk and cannot be replayed afterwards.',
  );
  if (sure) receiver.clearReceipts();
  return sure;
}

/** "Makini: Start Receiver": answers the URL it listens on. */
async function startReceiver({ receiver }: ReceiverCommandDeps): Promise<string> {
  const url = await receiver.start();
  void vscode.window.setStatusBarMessage(`Makini receiver listening on ${url}`, 5000);
  return url;
}

/**
 * "Makini: Copy Receiver URL": starts the receiver first when it is not running. In a remote
 * window (Remote-SSH, Codespaces) the URL is the one the editor's side can reach, asked anew each
 * time: the forwarded address may change, and the API asks that it never be kept.
 */
async function copyReceiverUrl({ receiver }: ReceiverCommandDeps): Promise<string> {
  const local = await receiver.start();
  const url = (await vscode.env.asExternalUri(vscode.Uri.parse(local))).toString(true);
  await vscode.env.clipboard.writeText(url);
  void vscode.window.setStatusBarMessage(`Copied ${url}`, 3000);
  return url;
}

/** Opens a receipt (a `makini-receipt:` URI or a receipt id) as a read-only JSON document. */
async function openReceipt(target: unknown): Promise<vscode.TextEditor> {
  const uri =
    target instanceof vscode.Uri
      ? target
      : typeof target === 'string'
        ? vscode.Uri.from({ scheme: 'makini-receipt', path: `/${target}.json` })
        : undefined;
  if (!uri) throw new UserError('noSelection', 'Open Receipt needs a receipt from the Local Receiver view.');
  const document = await vscode.languages.setTextDocumentLanguage(
    await vscode.workspace.openTextDocument(uri),
    'json',
  );
  return vscode.window.showTextDocument(document, { preview: true });
}

const SIMULATIONS: { label: string; detail: string; simulation: FailureSimulation }[] = [
  { label: 'Answer normally', detail: '200 at once', simulation: {} },
  {
    label: 'Fail the first 2 attempts',
    detail: '500 for the first two attempts of each event id, then 200',
    simulation: { failFirst: 2 },
  },
  {
    label: 'Always answer 503',
    detail: 'every webhook fails: watch the whole retry schedule',
    simulation: { respondStatus: 503 },
  },
  { label: 'Answer 410 Gone', detail: 'the sender should stop at once', simulation: { respondStatus: 410 } },
  { label: 'Answer after 11 s', detail: "past Makini's 10-second deadline", simulation: { delayMs: 11_000 } },
];

function isSimulation(value: unknown): value is FailureSimulation {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const count = (x: unknown): boolean =>
    x === undefined || (typeof x === 'number' && Number.isInteger(x) && x >= 0);
  return count(v.respondStatus) && count(v.failFirst) && count(v.delayMs);
}

/**
 * "Makini: Simulate Receiver Failures…": makes the local receiver misbehave on purpose, to watch
 * a sender's retries. Argument: `{respondStatus?, failFirst?, delayMs?}` (`{}` answers normally).
 */
async function simulateReceiverFailures(
  { receiver }: ReceiverCommandDeps,
  given?: unknown,
): Promise<FailureSimulation | undefined> {
  if (given !== undefined && !isSimulation(given)) {
    throw new UserError(
      'invalidArguments',
      'Simulate Receiver Failures takes { respondStatus?, failFirst?, delayMs? } with whole numbers.',
    );
  }
  const simulation =
    given ??
    (await Steps.single().pick(SIMULATIONS, { title: 'Local receiver: simulate failures' }))?.simulation;
  if (!simulation) return undefined;
  receiver.simulate(simulation);
  return simulation;
}

/** The receipt a command was invoked on: a tree node `{receipt}`, a URI or a receipt id. */
function receiptFrom({ receiver }: Pick<ReceiverCommandDeps, 'receiver'>, target: unknown): ReceiptRecord {
  let id: string | undefined;
  if (typeof target === 'string') id = target;
  else if (target instanceof vscode.Uri) id = target.path.replace(/^\//, '').replace(/\.json$/, '');
  else if (typeof target === 'object' && target !== null && 'receipt' in target) {
    const receipt = target.receipt;
    if (typeof receipt === 'object' && receipt !== null && 'id' in receipt && typeof receipt.id === 'string')
      id = receipt.id;
  }
  const receipt = id === undefined ? undefined : receiver.receipts.get(id);
  if (!receipt)
    throw new UserError('noSelection', 'Pick a received webhook in the Local Receiver view first.');
  return receipt;
}

/** "Copy as curl": the received request, as a command that sends it to the receiver again. */
async function copyReceiptAsCurl(services: ReceiverCommandDeps, target: unknown): Promise<string> {
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
async function replayReceipt(services: ReceiverCommandDeps, target: unknown): Promise<HttpAttemptResult> {
  const receipt = receiptFrom(services, target);
  const forwardTo = services.settings.value.forwardTo;
  if (!forwardTo)
    throw new UserError('notConfigured', "Set makini.receiver.forwardTo to your app's webhook URL first.");
  const body = exactReceiptBody(receipt);
  const result = await sendHttpAttempt({
    url: new URL(forwardTo),
    headers: { ...replayHeaders(receipt), [REPLAY_HEADER]: receipt.id },
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
