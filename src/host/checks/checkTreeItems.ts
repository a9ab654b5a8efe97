import * as vscode from 'vscode';
import { type EndpointCheckReport, unreachableText } from '../../core/checks/checkReport';
import { CommandIds, ContextValues } from '../constants';
import { shortTarget } from '../deliveries/deliveryText';

/** The Webhook Deliveries view's "Endpoint Checks" section: its head, then one row per check. */
export type CheckNode = { readonly kind: 'checks' } | { readonly kind: 'check'; readonly index: number };

/** One row per check of the latest report; none when the endpoint could not be reached (none ran). */
export function checkNodes(report: EndpointCheckReport | undefined): CheckNode[] {
  if (report?.unreachable) return [];
  return (report?.checks ?? []).map((_c, index) => ({ kind: 'check', index }));
}

const CHECK_ICONS = {
  pass: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  fail: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  warn: new vscode.ThemeIcon('warning', new vscode.ThemeColor('editorWarning.foreground')),
  skip: new vscode.ThemeIcon('debug-step-over', new vscode.ThemeColor('testing.iconSkipped')),
} as const;

/** The "Endpoint Checks" section: the latest run, then one row per check, like diagnostics. */
export function checkTreeItem(node: CheckNode, report: EndpointCheckReport | undefined): vscode.TreeItem {
  if (!report) return new vscode.TreeItem('(no endpoint check yet)');
  const open = { command: CommandIds.showEndpointCheckReport, title: 'Show Report' };
  if (node.kind === 'checks') {
    const { counts, unreachable } = report;
    // An endpoint that could not be reached ran no check: the row is that one fact, with no rows under it.
    const item = new vscode.TreeItem(
      'Endpoint Checks',
      unreachable ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Expanded,
    );
    item.id = 'checks';
    item.description = unreachable
      ? unreachableText(report.url, unreachable)
      : `${shortTarget(report.url)} · ${counts.passed} passed, ${counts.failed} failed, ${counts.warned} warned${counts.skipped > 0 ? `, ${counts.skipped} skipped` : ''}`;
    if (unreachable) item.tooltip = unreachableText(report.url, unreachable);
    item.iconPath = report.passed ? CHECK_ICONS.pass : CHECK_ICONS.fail;
    item.contextValue = ContextValues.endpointChecks;
    item.command = open;
    return item;
  }
  const check = report.checks[node.index];
  if (!check) return new vscode.TreeItem('(gone)');
  const item = new vscode.TreeItem(`${check.number}. ${check.title}`);
  item.id = `checks.${check.id}`;
  item.description = check.summary;
  item.iconPath = CHECK_ICONS[check.status];
  item.tooltip = new vscode.MarkdownString().appendText(
    `${check.explanation}${check.fix ? `\n\nWhat to change: ${check.fix}` : ''}`,
  );
  item.command = open;
  return item;
}
