import {
  type CheckExchange,
  type CheckResult,
  type EndpointCheckReport,
  unreachableText,
} from '../../core/checks/checkReport';
import { escapeHtml } from '../deliveries/deliveryDetailsHtml';
import { formatMs } from '../deliveries/deliveryText';
import { countOf } from '../../core/text/plural';

const STATUS_TEXT = { pass: 'PASS', fail: 'FAIL', warn: 'WARN', skip: 'SKIP' } as const;

function exchangeHtml(checkIndex: number, exchangeIndex: number, e: CheckExchange): string {
  const answer = e.response
    ? `${e.response.status} ${escapeHtml(e.response.statusText)} in ${formatMs(e.durationMs)}`
    : `no answer: ${escapeHtml(e.error?.kind ?? 'unknown')} after ${formatMs(e.durationMs)}`;
  const headers = e.response
    ? Object.entries(e.response.headers)
        .map(([k, v]) => `${escapeHtml(k)}: ${escapeHtml(String(v))}`)
        .join('\n')
    : escapeHtml(e.error?.message ?? '');
  const body = e.response ? escapeHtml(e.response.bodyHead) : '';
  return `<div class="exchange ${e.ok ? 'ok' : 'bad'}">
    <div class="exchange-head"><span>${escapeHtml(e.label)}</span><span>${answer}</span>
      <button data-check="${checkIndex}" data-exchange="${exchangeIndex}">Copy as curl</button></div>
    <pre tabindex="0">${headers}${body ? `\n\n${body}` : ''}</pre></div>`;
}

function checkHtml(check: CheckResult, index: number): string {
  return `<section class="check ${check.status}" aria-label="Check ${check.number}: ${escapeHtml(check.title)}">
    <h2><span class="badge">${STATUS_TEXT[check.status]}</span> ${check.number}. ${escapeHtml(check.title)}</h2>
    <p class="summary">${escapeHtml(check.summary)}</p>
    <p>${escapeHtml(check.explanation)}</p>
    ${check.fix ? `<p class="fix"><strong>What to change:</strong> ${escapeHtml(check.fix)}</p>` : ''}
    ${check.exchanges.length > 0 ? `<details><summary>${countOf(check.exchanges.length, 'request')}</summary>${check.exchanges.map((e, i) => exchangeHtml(index, i, e)).join('')}</details>` : ''}
  </section>`;
}

/** What the page says under its title: one line for an endpoint that could not be reached. */
function summaryHtml(report: EndpointCheckReport): string {
  if (report.unreachable)
    return `<p class="unreachable">${escapeHtml(unreachableText(report.url, report.unreachable))}</p>`;
  const { counts } = report;
  return `<p>${report.passed ? 'Nothing failed.' : 'Some checks failed.'} ${counts.passed} passed, ${counts.failed} failed, ${counts.warned} warned, ${counts.skipped} skipped · scheme ${escapeHtml(report.scheme)} · ${formatMs(report.durationMs)}${report.cancelled ? ' · cancelled' : ''}</p>
  ${report.checks.map(checkHtml).join('\n')}`;
}

/** The endpoint check report page, under the same strict CSP as the delivery details. */
export function renderCheckReport(report: EndpointCheckReport, nonce: string, cspSource: string): string {
  const csp = `default-src 'none'; style-src ${cspSource} 'nonce-${nonce}'; script-src 'nonce-${nonce}';`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Endpoint checks</title>
<style nonce="${nonce}">
  body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 16px 24px; }
  h1 { font-size: 1.3em; } h2 { font-size: 1.05em; margin: 0 0 4px; }
  .check { border-left: 3px solid var(--vscode-descriptionForeground); padding: 6px 12px; margin: 12px 0; background: var(--vscode-editorWidget-background); }
  .check.pass { border-color: var(--vscode-testing-iconPassed); } .check.fail { border-color: var(--vscode-testing-iconFailed); }
  .check.warn { border-color: var(--vscode-editorWarning-foreground); }
  .badge { font-size: 0.8em; padding: 1px 6px; border-radius: 6px; background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); }
  .summary, .unreachable { font-weight: 600; } .unreachable { color: var(--vscode-errorForeground); } .fix { color: var(--vscode-editorWarning-foreground); }
  .exchange { margin: 8px 0; } .exchange-head { display: flex; gap: 12px; align-items: center; }
  .exchange.bad .exchange-head span:first-child { color: var(--vscode-testing-iconFailed); }
  pre { background: var(--vscode-textCodeBlock-background); padding: 8px; overflow: auto; max-height: 240px; font-family: var(--vscode-editor-font-family); }
  button { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); border: none; padding: 2px 10px; cursor: pointer; }
  button:focus-visible, summary:focus-visible, pre:focus-visible { outline: 1px solid var(--vscode-focusBorder); }
</style></head>
<body>
  <h1>Endpoint checks: <code>${escapeHtml(report.url)}</code></h1>
  ${summaryHtml(report)}
<script nonce="${nonce}">
  const vscode = acquireVsCodeApi();
  for (const button of document.querySelectorAll('button[data-check]')) {
    button.addEventListener('click', () =>
      vscode.postMessage({ command: 'copyCurl', check: Number(button.dataset.check), exchange: Number(button.dataset.exchange) }));
  }
</script>
</body></html>`;
}
