import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { CommandIds } from '../constants';
import { Disposable } from '../lifecycle';
import type { DeliveryService } from './deliveryService';
import { deliveryFrom } from './deliveryTarget';
import { deliveryDetailsContent, renderDeliveryDetails } from './deliveryDetailsHtml';

const GONE = '<!DOCTYPE html><html><body>This delivery is no longer kept.</body></html>';

/** One open panel, and whether its page missed an update while it was hidden. */
interface OpenPanel {
  readonly panel: vscode.WebviewPanel;
  stale: boolean;
}

/**
 * One webview panel per delivery, updated live while it is retrying. An update is posted to the
 * page, which swaps the changed parts in: setting `webview.html` again would reload the page, and
 * a reloading webview can take the focus, closing a quick pick the user has open.
 */
export class DeliveryDetailsPanels extends Disposable {
  private readonly panels = new Map<string, OpenPanel>();

  constructor(private readonly deliveries: DeliveryService) {
    super();
    this._register(
      deliveries.onDidChange((record) => {
        const open = record ? this.panels.get(record.id) : undefined;
        if (open) this.update(open, record?.id ?? '');
      }),
    );
    this._register({
      dispose: () => {
        for (const { panel } of [...this.panels.values()]) panel.dispose();
      },
    });
  }

  /** Opens (or reveals) the details of a delivery; answers the panel. */
  show(target: unknown): vscode.WebviewPanel {
    const record = deliveryFrom(this.deliveries, target);
    const existing = this.panels.get(record.id);
    if (existing) {
      existing.panel.reveal();
      return existing.panel;
    }
    const panel = vscode.window.createWebviewPanel(
      'makini.deliveryDetails',
      `${record.eventType} delivery`,
      vscode.ViewColumn.Active,
      { enableScripts: true, localResourceRoots: [] },
    );
    const open: OpenPanel = { panel, stale: false };
    this.panels.set(record.id, open);
    panel.onDidDispose(() => this.panels.delete(record.id));
    // A hidden page is rebuilt from `html` when shown again: give it what it missed.
    panel.onDidChangeViewState(() => {
      if (panel.visible && open.stale) this.render(open, record.id);
    });
    panel.webview.onDidReceiveMessage((message: unknown) => {
      const command =
        typeof message === 'object' && message !== null && 'command' in message ? message.command : undefined;
      // Updates posted before the page listened are lost: it asks for the latest once it does.
      if (command === 'ready') this.update(open, record.id);
      if (command === 'replay') void vscode.commands.executeCommand(CommandIds.replayDelivery, record.id);
      if (command === 'copyCurl')
        void vscode.commands.executeCommand(CommandIds.copyDeliveryAsCurl, record.id);
    });
    this.render(open, record.id);
    return panel;
  }

  private update(open: OpenPanel, id: string): void {
    const record = this.deliveries.get(id);
    if (!record) return this.render(open, id);
    if (!open.panel.visible) {
      open.stale = true;
      return;
    }
    void open.panel.webview.postMessage({ type: 'update', ...deliveryDetailsContent(record) });
  }

  private render(open: OpenPanel, id: string): void {
    const record = this.deliveries.get(id);
    open.stale = false;
    const { webview } = open.panel;
    webview.html = record
      ? renderDeliveryDetails(record, randomBytes(16).toString('base64'), webview.cspSource)
      : GONE;
  }
}
