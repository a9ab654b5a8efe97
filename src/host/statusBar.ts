import * as vscode from 'vscode';
import { Disposable } from './lifecycle';
import type { HostServices } from './services';

/** One status-bar item: the receiver's state; clicking it focuses the Makini container. */
export class MakiniStatusBar extends Disposable {
  private readonly item = this._register(
    vscode.window.createStatusBarItem('makini.status', vscode.StatusBarAlignment.Left, 50),
  );

  constructor(private readonly services: HostServices) {
    super();
    this.item.name = 'Makini';
    this.item.command = 'workbench.view.extension.makini';
    this._register(services.receiver.onDidChangeState(() => this.render()));
    this.render();
    this.item.show();
  }

  get text(): string {
    return this.item.text;
  }

  private render(): void {
    const { running, url, error } = this.services.receiver.state;
    this.item.text = running ? '$(radio-tower) Makini' : '$(circle-slash) Makini';
    this.item.tooltip = running
      ? `Local receiver listening on ${url}`
      : `Local receiver stopped${error ? `: ${error}` : ''}`;
  }
}
