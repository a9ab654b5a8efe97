import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MakiniDevToolsApi } from '../../src/extension';
import { makiniApi } from './support/makiniApi';
import { waitFor } from './support/waitFor';
import { type QuickInputSpy, spyOnQuickInputs } from './support/windowSpy';

/** What the title bar of a quick input shows: its title, then "(step/totalSteps)". */
function shown(input: vscode.QuickInput): { title?: string; step?: number; totalSteps?: number } {
  return { title: input.title, step: input.step, totalSteps: input.totalSteps };
}

/** The `index`-th quick input created, once VS Code shows it (a pick has then an active item). */
function nthShown(spy: QuickInputSpy, index: number): Promise<vscode.QuickInput> {
  return waitFor(
    () => {
      const input = spy.created[index];
      if (!input) return undefined;
      return !('activeItems' in input) || input.activeItems.length > 0 ? input : undefined;
    },
    `quick input #${index + 1}`,
  );
}

/** Accepts what the open quick input has (Enter), once its last change has reached the workbench. */
async function accept(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 100));
  await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
}

/**
 * Runs `command`, answers its first question with Enter (after `answer` fills it in), then
 * dismisses the second with Escape. Answers what the title bars of the two showed and what the
 * command returned.
 */
async function firstTwoSteps(
  spy: QuickInputSpy,
  command: Thenable<unknown>,
  answer: (first: vscode.QuickInput) => void = () => undefined,
): Promise<{ first: ReturnType<typeof shown>; second: ReturnType<typeof shown>; result: unknown }> {
  const first = await nthShown(spy, 0);
  answer(first);
  await accept();
  const second = await nthShown(spy, 1);
  await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  return { first: shown(first), second: shown(second), result: await command };
}

suite('Multi-step pickers', () => {
  let makini: MakiniDevToolsApi;
  let spy: QuickInputSpy;

  suiteSetup(async () => {
    makini = await makiniApi();
    await waitFor(() => makini.services.connections.list().length > 0, 'the sandbox connections');
  });

  setup(() => (spy = spyOnQuickInputs()));

  teardown(async () => {
    spy.restore();
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  });

  test('Send Test Webhook numbers its four steps: the event type is 1/4, the connection 2/4', async () => {
    const { first, second, result } = await firstTwoSteps(
      spy,
      vscode.commands.executeCommand('makini.sendTestWebhook'),
    );
    assert.deepEqual(first, { title: 'Send Test Webhook: event type', step: 1, totalSteps: 4 });
    assert.deepEqual(second, { title: 'Send Test Webhook: connection', step: 2, totalSteps: 4 });
    assert.equal(result, undefined, 'Escape sends nothing');
  });

  test("from a connection's menu the connection is not asked, nor counted: 1/3, then the endpoint 2/3", async () => {
    const key = makini.services.connections.list()[0]?.connection.key;
    const { first, second } = await firstTwoSteps(
      spy,
      vscode.commands.executeCommand('makini.sendTestWebhook', { kind: 'connection', key }),
    );
    assert.deepEqual(first, { title: 'Send Test Webhook: event type', step: 1, totalSteps: 3 });
    assert.deepEqual(second, { title: 'Send Test Webhook: endpoint', step: 2, totalSteps: 3 });
  });

  test('Connect Account asks the client ID as 1/2 and the secret as 2/2', async () => {
    const { first, second, result } = await firstTwoSteps(
      spy,
      vscode.commands.executeCommand('makini.connect'),
      (input) => ((input as vscode.InputBox).value = 'a-client-id'),
    );
    assert.deepEqual(first, { title: 'Connect Account: client ID', step: 1, totalSteps: 2 });
    assert.deepEqual(second, { title: 'Connect Account: client secret', step: 2, totalSteps: 2 });
    assert.equal(result, false, 'Escape connects nothing');
  });

  test('a command that asks one thing shows no step count', async () => {
    const simulating = vscode.commands.executeCommand('makini.simulateReceiverFailures');
    const only = await nthShown(spy, 0);
    assert.deepEqual(shown(only), {
      title: 'Local receiver: simulate failures',
      step: undefined,
      totalSteps: undefined,
    });
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.equal(await simulating, undefined);
  });
});
