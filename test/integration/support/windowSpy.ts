import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

type Shown = 'showInformationMessage' | 'showWarningMessage' | 'showErrorMessage';

/** What a spied notification function was called with: the message and its action titles. */
export interface NotificationSpy {
  readonly calls: { readonly message: string; readonly actions: readonly string[] }[];
  restore(): void;
}

/** Every quick pick and input box the extension created while spied on, oldest first. */
export interface QuickInputSpy {
  readonly created: (vscode.QuickPick<vscode.QuickPickItem> | vscode.InputBox)[];
  restore(): void;
}

/**
 * Wraps `vscode.window.<name>` itself (the object the extension calls), so a test sees each call
 * and what it answered; every call still goes through to VS Code. Answers how to undo it.
 */
function wrapWindow(name: string, seen: (args: unknown[], result: unknown) => void): () => void {
  const window = vscode.window as unknown as Record<string, (...args: unknown[]) => unknown>;
  const original = window[name];
  assert.ok(original, `vscode.window.${name} does not exist`);
  const wrapper = (...args: unknown[]): unknown => {
    const result = original.apply(vscode.window, args);
    seen(args, result);
    return result;
  };
  assert.ok(Reflect.set(window, name, wrapper), `vscode.window.${name} cannot be wrapped`);
  return () => void Reflect.set(window, name, original);
}

/** Records the notifications shown through `vscode.window.<name>`; each still shows its toast. */
export function spyOnNotifications(name: Shown): NotificationSpy {
  const calls: NotificationSpy['calls'] = [];
  const restore = wrapWindow(name, ([message, ...rest]) =>
    calls.push({
      message: String(message),
      actions: rest.filter((a): a is string => typeof a === 'string'),
    }),
  );
  return { calls, restore };
}

/** Records the quick picks and input boxes created; the extension drives them as usual. */
export function spyOnQuickInputs(): QuickInputSpy {
  const created: QuickInputSpy['created'] = [];
  const record = (_args: unknown[], input: unknown): void =>
    void created.push(input as QuickInputSpy['created'][number]);
  const restores = [wrapWindow('createQuickPick', record), wrapWindow('createInputBox', record)];
  return { created, restore: () => restores.forEach((restore) => restore()) };
}
