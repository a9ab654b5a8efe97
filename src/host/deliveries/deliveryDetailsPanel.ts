import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { CommandIds } from '../constants';
import { Disposable } from '../lifecycle';
import type { DeliveryService } from './deliveryService';
import { deliveryFrom } from './deliveryTarget';
import { renderDeliveryDetails } from './deliveryDetailsHtml';

/** One webview panel per delivery, re-rendered live while it is retrying. */
export class DeliveryDetailsPanels extends Disposable {
  private readonly panels = new Map<string, vscode.WebviewPanel>();

  constructor(private readonly deliveries: DeliveryService) {
    super();
    this._register(
      deliveries.onDidChange((record) => {
        const panel = record ? this.panels.get(record.id) : undefined;
        if (panel && record) panel.webview.html = this.html(panel, record.id);
      }),
    );
    this._register({
      dispose: () => {
        for (const panel of [...this.panels.values()]) panel.dispose();
      },
    });
  }

  /** Opens (or reveals) the details of a delivery; answers the panel. */
  show(target: unknown): vscode.WebviewPanel {
    const record = deliveryFrom(this.deliveries, target);
    const existing = this.panels.get(record.id);
    if (existing) {
      existing.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      'makini.deliveryDetails',
      `${record.eventType} delivery`,
      vscode.ViewColumn.Active,
      { enableScripts: true, localResourceRoots: [] },
    );
    this.panels.set(record.id, panel);
    panel.onDidDispose(() => this.panels.delete(record.id));
    panel.webview.onDidReceiveMessage((message: unknown) => {
      const command =
        typeof message === 'object' && message !== null && 'command' in message ? message.command : undefined;
      if (command === 'replay') void vscode.commands.executeCommand(CommandIds.replayDelivery, record.id);
      if (command === 'copyCurl')
        void vscode.commands.executeCommand(CommandIds.copyDeliveryAsCurl, record.id);
    });
    panel.webview.html = this.html(panel, record.id);
    return panel;
  }

  private html(panel: vscode.WebviewPanel, id: string): string {
    const record = this.deliveries.get(id);
    if (!record) return '<!DOCTYPE html><html><body>This delivery is no longer kept.</body></html>';
    return renderDeliveryDetails(record, randomBytes(16).toString('base64'), panel.webview.cspSource);
  }
}
