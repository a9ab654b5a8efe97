import type { AttemptRecord, DeliveryRecord } from '../../core/sender/deliveryRecord';
import { localTime } from '../views/timeText';
import { attemptNext, attemptResult, formatMs, isPendingAttempt, totalMs } from './deliveryText';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * JSON laid out on lines, when that shows the same JSON: a body whose numbers JSON.parse would
 * round (`12345678901234567890`) or whose layout is its own is shown as it was sent.
 */
function prettyBody(body: string): string {
  try {
    const value: unknown = JSON.parse(body);
    return JSON.stringify(value) === body ? JSON.stringify(value, null, 2) : body;
  } catch {
    return body;
  }
}

function headerTable(headers: Readonly<Record<string, string | readonly string[]>>): string {
  const rows = Object.entries(headers)
    .map(
      ([name, value]) =>
        `<tr><th scope="row">${escapeHtml(name)}</th><td>${escapeHtml(String(value))}</td></tr>`,
    )
    .join('');
  return `<table class="headers">${rows}</table>`;
}

function attemptClass(a: AttemptRecord): string {
  return a.outcome === 'delivered' ? 'ok' : a.response ? 'http-error' : 'net-error';
}

/**
 * The attempts on one time axis: each attempt a bar as long as it took, each backoff wait a
 * dashed gap, all scaled to the delivery's whole duration. Positions go in the nonce'd style
 * sheet (`css`), since the CSP allows no inline style attributes.
 */
function timeline(record: DeliveryRecord): { html: string; css: string } {
  const first = record.attempts[0];
  if (!first) return { html: '<p>No attempt yet.</p>', css: '' };
  const start = Date.parse(first.startedAt);
  const span = Math.max(1, totalMs(record));
  const pct = (ms: number): string => `${Math.max(0.5, (ms / span) * 100).toFixed(2)}%`;
  const parts: string[] = [];
  const rules: string[] = [];
  record.attempts.forEach((a, i) => {
    const offset = Date.parse(a.startedAt) - start;
    const previous = record.attempts[i - 1];
    if (previous) {
      const waitStart = Date.parse(previous.startedAt) - start + previous.durationMs;
      rules.push(`#wait-${i} { left: ${pct(waitStart)}; width: ${pct(offset - waitStart)}; }`);
      parts.push(
        `<div class="wait" id="wait-${i}" title="backoff wait ${formatMs(offset - waitStart)}"></div>`,
      );
    }
    rules.push(`#bar-${i} { left: ${pct(offset)}; width: ${pct(a.durationMs)}; }`);
    parts.push(
      `<div class="bar ${attemptClass(a)}" id="bar-${i}" title="attempt ${a.number}: ${escapeHtml(attemptResult(a))} in ${formatMs(a.durationMs)}"></div>`,
    );
  });
  const html = `<div class="timeline" role="img" aria-label="Attempts on a time axis of ${formatMs(span)}">${parts.join('')}</div>
  <div class="axis"><span>0</span><span>${formatMs(span)}</span></div>`;
  return { html, css: rules.join('\n  ') };
}

/** A time as local clock time and age, with the ISO time on hover. */
function timeTag(iso: string): string {
  return `<time datetime="${escapeHtml(iso)}" title="${escapeHtml(iso)}">${escapeHtml(localTime(iso))}</time>`;
}

function attemptSection(a: AttemptRecord, pending: boolean): string {
  const following = attemptNext(a, pending);
  const next = !following
    ? ''
    : pending && a.nextRetryAt
      ? `<p>${escapeHtml(following)}, due ${timeTag(a.nextRetryAt)}.</p>`
      : `<p>${escapeHtml(following.charAt(0).toUpperCase() + following.slice(1))}.</p>`;
  const response = a.response
    ? `<h4>Response ${a.response.status} ${escapeHtml(a.response.statusText)}</h4>${headerTable(a.response.headers)}
       <pre tabindex="0">${escapeHtml(prettyBody(a.response.body))}${a.response.truncated ? '\n… (cut)' : ''}</pre>`
    : `<h4>No response: ${escapeHtml(a.error?.kind ?? 'unknown')}</h4><p>${escapeHtml(a.error?.message ?? '')}</p>`;
  return `<details class="attempt ${attemptClass(a)}" data-number="${a.number}">
    <summary>Attempt ${a.number}: ${escapeHtml(attemptResult(a))} · ${formatMs(a.durationMs)} · ${timeTag(a.startedAt)}</summary>
    ${next}${response}</details>`;
}

/** The parts of the page that change while a delivery retries: its head, its body and the timeline's rules. */
export interface DeliveryDetailsContent {
  readonly head: string;
  readonly body: string;
  readonly css: string;
}

/** What changes as attempts come in; posted to an open page, which swaps it in without reloading. */
export function deliveryDetailsContent(record: DeliveryRecord): DeliveryDetailsContent {
  const request = record.attempts.at(-1)?.request;
  const axis = timeline(record);
  const head = `<h1>${escapeHtml(record.eventType)} <span class="status ${escapeHtml(record.status)}" id="status">${escapeHtml(record.status)}</span></h1>
  <p>To <code>${escapeHtml(record.url)}</code> · event <code>${escapeHtml(record.eventId)}</code> · delivery <code>${escapeHtml(record.id)}</code> · scheme ${escapeHtml(record.scheme)}</p>`;
  const body = `<h2>Attempts (${record.attempts.length}, ${formatMs(totalMs(record))})</h2>
  ${axis.html}
  ${record.attempts.map((a) => attemptSection(a, isPendingAttempt(record, a))).join('\n')}
  <h2>Request</h2>
  ${request ? `${headerTable(request.headers)}<pre tabindex="0">${escapeHtml(prettyBody(request.body))}</pre>` : '<p>Not sent yet.</p>'}`;
  return { head, body, css: axis.css };
}

/**
 * The whole details page for one delivery, under a strict CSP: no remote resources, scripts by
 * nonce. Its script swaps in the {@link deliveryDetailsContent} the extension posts, so a live
 * delivery updates without reloading the page (a reload would take the focus from a quick pick).
 */
export function renderDeliveryDetails(record: DeliveryRecord, nonce: string, cspSource: string): string {
  const content = deliveryDetailsContent(record);
  const csp = `default-src 'none'; style-src ${cspSource} 'nonce-${nonce}'; script-src 'nonce-${nonce}';`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(record.eventType)}</title>
<style nonce="${nonce}">
  body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 16px 24px; }
  h1 { font-size: 1.3em; } h2 { font-size: 1.1em; margin-top: 24px; }
  .status { padding: 2px 8px; border-radius: 8px; background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); }
  .status.delivered { background: var(--vscode-testing-iconPassed); color: var(--vscode-editor-background); }
  .status.failed, .status.cancelled { background: var(--vscode-testing-iconFailed); color: var(--vscode-editor-background); }
  .timeline { position: relative; height: 22px; background: var(--vscode-editorWidget-background); border: 1px solid var(--vscode-widget-border, transparent); }
  .bar, .wait { position: absolute; top: 3px; height: 14px; }
  .bar.ok { background: var(--vscode-testing-iconPassed); } .bar.http-error { background: var(--vscode-testing-iconFailed); }
  .bar.net-error { background: var(--vscode-editorWarning-foreground); }
  .wait { border-top: 2px dashed var(--vscode-descriptionForeground); top: 10px; height: 0; }
  .axis { display: flex; justify-content: space-between; color: var(--vscode-descriptionForeground); font-size: 0.9em; }
  table.headers { border-collapse: collapse; font-family: var(--vscode-editor-font-family); font-size: 0.9em; }
  table.headers th { text-align: left; padding-right: 12px; color: var(--vscode-descriptionForeground); font-weight: normal; }
  pre { background: var(--vscode-textCodeBlock-background); padding: 8px; overflow: auto; max-height: 400px; font-family: var(--vscode-editor-font-family); }
  details.attempt { margin: 8px 0; } summary { cursor: pointer; }
  summary:focus-visible, button:focus-visible, pre:focus-visible { outline: 1px solid var(--vscode-focusBorder); }
  button { background: var(--vscode-button-background); color: var(--vscode-button-foreground); border: none; padding: 4px 12px; margin-right: 8px; cursor: pointer; }
  button:hover { background: var(--vscode-button-hoverBackground); }
</style>
<style nonce="${nonce}" id="timeline-css">
  ${content.css}
</style></head>
<body>
  <header id="head">${content.head}</header>
  <p><button id="replay">Replay</button><button id="curl">Copy as curl</button></p>
  <main id="content">${content.body}</main>
<script nonce="${nonce}">
  const vscode = acquireVsCodeApi();
  document.getElementById('replay').addEventListener('click', () => vscode.postMessage({ command: 'replay' }));
  document.getElementById('curl').addEventListener('click', () => vscode.postMessage({ command: 'copyCurl' }));
  window.addEventListener('message', (event) => {
    const message = event.data;
    if (!message || message.type !== 'update') return;
    // The attempts a reader opened stay open: the new sections take their state by number.
    const open = new Set([...document.querySelectorAll('details.attempt[open]')].map((d) => d.dataset.number));
    document.getElementById('head').innerHTML = message.head;
    document.getElementById('content').innerHTML = message.body;
    document.getElementById('timeline-css').textContent = message.css;
    for (const d of document.querySelectorAll('details.attempt')) if (open.has(d.dataset.number)) d.open = true;
  });
  vscode.postMessage({ command: 'ready' });
</script>
</body></html>`;
}
