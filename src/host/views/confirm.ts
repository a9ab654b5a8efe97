import * as vscode from 'vscode';

/**
 * Asks the user to confirm `message` by choosing `action`; resolves true only then. Commands take
 * it as a dependency, so tests answer it without a dialog.
 */
export type Confirm = (message: string, action: string, detail?: string) => Promise<boolean>;

/** A modal warning with `action` and Cancel: what a destructive or exposing command asks. */
export const modalConfirm: Confirm = async (message, action, detail) =>
  (await vscode.window.showWarningMessage(
    message,
    { modal: true, ...(detail ? { detail } : {}) },
    action,
  )) === action;
