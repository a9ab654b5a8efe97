import * as vscode from 'vscode';
import type { EndpointCheckReport } from '../../core/checks/checkReport';
import { Disposable } from '../lifecycle';

/** The latest endpoint check report, for the Webhook Deliveries view and the report panel. */
export class EndpointChecks extends Disposable {
  private report: EndpointCheckReport | undefined;
  private readonly changed = this._register(new vscode.EventEmitter<EndpointCheckReport | undefined>());
  readonly onDidChange = this.changed.event;

  get latest(): EndpointCheckReport | undefined {
    return this.report;
  }

  set latest(report: EndpointCheckReport | undefined) {
    this.report = report;
    this.changed.fire(report);
  }
}
