import type * as vscode from 'vscode';

/** Anything with a `dispose()`: VS Code disposables and our own servers and pollers alike. */
export interface DisposableLike {
  dispose(): unknown;
}

/**
 * Base class for objects that own other disposables. Whatever is registered is disposed with the
 * owner, newest first, so a component never leaks a listener, timer or server.
 */
export abstract class Disposable implements vscode.Disposable {
  private readonly owned: DisposableLike[] = [];
  private disposed = false;

  protected get isDisposed(): boolean {
    return this.disposed;
  }

  protected _register<T extends DisposableLike>(value: T): T {
    if (this.disposed) {
      value.dispose();
    } else {
      this.owned.push(value);
    }
    return value;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const value of this.owned.splice(0).reverse()) value.dispose();
  }
}
