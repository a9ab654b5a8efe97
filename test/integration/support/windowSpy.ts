import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

type Shown = 'showInformationMessage' | 'showWarningMessage' | 'showErrorMessage';

/** What a spied notification function was called with: the message and its action titles. */
export interface NotificationSpy {
  readonly calls: { readonly message: string; readonly actions: readonly string[] }[];
  restore(): void;
}

/**
 * Wraps the notification API itself (`vscode.window.<name>`, the object the extension calls) so a
 * test sees what was shown; each call still goes through to VS Code and shows its toast.
 */
export function spyOnNotifications(name: Shown): NotificationSpy {
  const window = vscode.window as unknown as Record<Shown, (...args: unknown[]) => unknown>;
  const original = window[name];
  const calls: NotificationSpy['calls'] = [];
  const wrapper = (...args: unknown[]): unknown => {
    const [message, ...rest] = args;
    calls.push({
      message: String(message),
      actions: rest.filter((a): a is string => typeof a === 'string'),
    });
    return original.apply(vscode.window, args);
  };
  assert.ok(Reflect.set(window, name, wrapper), `vscode.window.${name} cannot be wrapped`);
  return { calls, restore: () => void Reflect.set(window, name, original) };
}
