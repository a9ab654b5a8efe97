import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { EndpointCheckReport } from '../../core/checks/checkReport';
import { Disposable } from '../lifecycle';
import { renderCheckReport } from './checkReportHtml';

/** The one endpoint check report panel, showing the latest run. */
export class CheckReportPanel extends Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private report: EndpointCheckReport | undefined;

  constructor() {
    super();
    this._register({
      dispose: () => {
        this.panel?.dispose();
      },
    });
  }

  show(report: EndpointCheckReport): vscode.WebviewPanel {
    this.report = report;
    if (!this.panel) {
      const panel = vscode.window.createWebviewPanel(
        'makini.endpointChecks',
        'Endpoint Checks',
        vscode.ViewColumn.Active,
        {
          enableScripts: true,
          localResourceRoots: [],
        },
      );
      panel.onDidDispose(() => (this.panel = undefined));
      panel.webview.onDidReceiveMessage((message: unknown) => void this.onMessage(message));
      this.panel = panel;
    }
    this.panel.webview.html = renderCheckReport(
      report,
      randomBytes(16).toString('base64'),
      this.panel.webview.cspSource,
    );
    this.panel.reveal();
    return this.panel;
  }

  private async onMessage(message: unknown): Promise<void> {
    if (typeof message !== 'object' || message === null) return;
    const { command, check, exchange } = message as Record<string, unknown>;
    if (command !== 'copyCurl' || typeof check !== 'number' || typeof exchange !== 'number') return;
    const curl = this.report?.checks[check]?.exchanges[exchange]?.curl;
    if (!curl) return;
    await vscode.env.clipboard.writeText(curl);
    void vscode.window.setStatusBarMessage('Makini: curl command copied', 3000);
  }
}
