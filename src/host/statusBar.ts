import * as vscode from 'vscode';
import { Disposable } from './lifecycle';
import type { HostServices } from './services';

/**
 * One status-bar item: the receiver's state and how many connections need attention; clicking it
 * focuses the Makini container.
 */
export class MakiniStatusBar extends Disposable {
  private readonly item = this._register(
    vscode.window.createStatusBarItem('makini.status', vscode.StatusBarAlignment.Left, 50),
  );

  constructor(private readonly services: HostServices) {
    super();
    this.item.name = 'Makini';
    this.item.command = 'workbench.view.extension.makini';
    this._register(services.receiver.onDidChangeState(() => this.render()));
    this._register(services.connections.onDidChange(() => this.render()));
    this.render();
    this.item.show();
  }

  get text(): string {
    return this.item.text;
  }

  private render(): void {
    const { running, url, error } = this.services.receiver.state;
    const attention = this.services.connections.needingAttention();
    const receiverIcon = running ? '$(radio-tower)' : '$(circle-slash)';
    this.item.text = `${receiverIcon} Makini${attention.length > 0 ? ` $(warning) ${attention.length}` : ''}`;
    const lines = [
      running ? `Local receiver listening on ${url}` : `Local receiver stopped${error ? `: ${error}` : ''}`,
      attention.length > 0
        ? `Needing attention: ${attention.map((c) => c.connection.name).join(', ')}`
        : 'No connection needs attention',
    ];
    this.item.tooltip = lines.join('\n');
    this.item.backgroundColor =
      attention.length > 0 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }
}
