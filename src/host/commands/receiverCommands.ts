import * as vscode from 'vscode';
import type { FailureSimulation } from '../../core/receiver/failureSimulation';
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
export async function simulateReceiverFailures(
  { receiver }: HostServices,
  given?: unknown,
): Promise<FailureSimulation | undefined> {
  if (given !== undefined && !isSimulation(given)) {
    throw new Error(
      'Simulate Receiver Failures takes { respondStatus?, failFirst?, delayMs? } with whole numbers.',
    );
  }
  const simulation =
    given ??
    (await vscode.window.showQuickPick(SIMULATIONS, { title: 'Local receiver: simulate failures' }))
      ?.simulation;
  if (!simulation) return undefined;
  receiver.simulate(simulation);
  return simulation;
}
