import * as vscode from 'vscode';
import { Disposable } from './lifecycle';
import type { ConnectionsService } from './connections/connectionsService';
import type { ReceiverService } from './receiver/receiverService';

/**
 * One status-bar item: the receiver's state and how many connections need attention; clicking it
 * focuses the Makini container.
 */
export class MakiniStatusBar extends Disposable {
  private readonly item = this._register(
    vscode.window.createStatusBarItem('makini.status', vscode.StatusBarAlignment.Left, 50),
  );

  constructor(
    private readonly receiver: ReceiverService,
    private readonly connections: ConnectionsService,
  ) {
    super();
    this.item.name = 'Makini';
    this.item.command = 'workbench.view.extension.makini';
    this._register(receiver.onDidChangeState(() => this.render()));
    this._register(connections.onDidChange(() => this.render()));
    this.render();
    this.item.show();
  }

  get text(): string {
    return this.item.text;
  }

  get tooltip(): string {
    return typeof this.item.tooltip === 'string' ? this.item.tooltip : '';
  }

  private render(): void {
    const { running, url, error } = this.receiver.state;
    const attention = this.connections.needingAttention();
    const failure = this.connections.pollFailure;
    const receiverIcon = running ? '$(radio-tower)' : '$(circle-slash)';
    this.item.text = `${receiverIcon} Makini${failure ? ' $(error) unreachable' : ''}${attention.length > 0 ? ` $(warning) ${attention.length}` : ''}`;
    const lines = [
      running ? `Local receiver listening on ${url}` : `Local receiver stopped${error ? `: ${error}` : ''}`,
      // A failed poll says nothing about the connections: it must not read as all-clear.
      failure
        ? `Could not reach Makini at ${failure.apiUrl}: ${failure.reason}`
        : attention.length > 0
          ? `Needing attention: ${attention.map((c) => c.connection.name).join(', ')}`
          : 'No connection needs attention',
    ];
    this.item.tooltip = lines.join('\n');
    this.item.backgroundColor = failure
      ? new vscode.ThemeColor('statusBarItem.errorBackground')
      : attention.length > 0
        ? new vscode.ThemeColor('statusBarItem.warningBackground')
        : undefined;
  }
}
