import type { ReceiptRecord } from '../../core/receiver/receiptRecord';
import type { SignatureDiagnosis } from '../../core/signing/signatureDoctor';
import { escapeHtml } from '../deliveries/deliveryDetailsHtml';
import { receiptReasonText } from '../views/reasonText';
import { contentWords } from './signatureText';

function rows(entries: readonly [string, string][]): string {
  return entries
    .map(([name, value]) => `<tr><th scope="row">${escapeHtml(name)}</th><td>${escapeHtml(value)}</td></tr>`)
    .join('');
}

/**
 * A grid; the columns at `long` (hashes, previews) wrap anywhere, the others keep their words whole,
 * so a narrow panel squeezes the digests, not the words.
 */
function table(
  head: readonly string[],
  body: readonly (readonly string[])[],
  cls: string,
  long: readonly number[] = [],
): string {
  const th = head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const td = (c: string, j: number): string =>
    long.includes(j) ? `<td class="long">${escapeHtml(c)}</td>` : `<td>${escapeHtml(c)}</td>`;
  const tr = body.map((cells, i) => `<tr class="${cls}-${i}">${cells.map(td).join('')}</tr>`).join('');
  return `<table class="grid"><thead><tr>${th}</tr></thead><tbody>${tr}</tbody></table>`;
}

function finding(d: SignatureDiagnosis): string {
  if (d.matched)
    return `<h2>What made the signature</h2><table class="facts">${rows([
      ['Header', d.header ?? ''],
      ['Encoding', d.encoding ?? ''],
      ['Signed content', d.content ? contentWords(d.content) : ''],
      ['Secret', d.secret ?? ''],
      ['Scheme', d.scheme ?? ''],
    ])}</table>`;
  const received = d.received
    ? rows([[`Received in ${d.received.header}`, d.received.value]])
    : rows([['Received', 'no signature in the configured header']]);
  const expected = d.expected
    ? rows([
        [
          `Expected (${d.expected.secret}, ${d.expected.encoding}, over ${contentWords(d.expected.content)})`,
          d.expected.value,
        ],
      ])
    : '';
  return `<h2>No variant matched</h2><table class="facts">${received}${expected}</table>`;
}

function steps(d: SignatureDiagnosis): string {
  const s = d.steps;
  const found =
    s.signaturesFound.length === 0
      ? '<p>No header holds an HMAC-SHA256 in base64 or hex.</p>'
      : table(
          ['Header', 'Encoding'],
          s.signaturesFound.map((f) => [f.header, f.encoding]),
          'found',
        );
  const bytes = table(
    ['Content', 'Bytes', 'SHA-256', 'Preview'],
    s.bytes.map((b) => [contentWords(b.content), String(b.length), b.sha256, b.preview]),
    'bytes',
    [2, 3],
  );
  const hmacs = table(
    ['Scheme', 'Content', 'Secret', 'HMAC (base64)', 'HMAC (hex)', 'Matched'],
    s.hmacs.map((h) => [
      h.scheme,
      contentWords(h.content),
      h.secret,
      h.base64,
      h.hex,
      h.matched ? `✓ ${h.matched.header} (${h.matched.encoding})` : '—',
    ]),
    'hmac',
    [3, 4],
  );
  const bound = s.stoppedAtLimit
    ? `<p class="warning">The search stopped at its bound of ${s.limit} HMACs.</p>`
    : `<p>${s.hmacs.length} of at most ${s.limit} HMACs computed.</p>`;
  return `<h2>Step by step</h2>
  <h3>1. Signatures found in the request's headers</h3>${found}
  <h3>2. The bytes each variant signs</h3>${bytes}
  <h3>3. The HMAC of each variant tried</h3>${hmacs}${bound}`;
}

function action(d: SignatureDiagnosis): string {
  switch (d.change.kind) {
    case 'settings':
      return '<p><button id="apply">Apply fix</button></p>';
    case 'secret':
      return '<p><button id="apply">Set Webhook Signing Secret…</button></p>';
    case 'sender':
      return '<p class="note">Nothing in these settings can fix this: the sender has to change.</p>';
  }
}

/** The page's body for one refused receipt: the verdict, the doctor's finding, the fix, the steps. */
export function refusalContent(r: ReceiptRecord): string {
  const reason = r.verdict.reason ?? r.reason ?? 'refused';
  const head = `<h1>Why was this refused?</h1>
  <p>${escapeHtml(r.eventType ?? `${r.method} ${r.path}`)} · answered ${r.status} · ${escapeHtml(receiptReasonText(reason))} · receipt <code>${escapeHtml(r.id)}</code> at ${escapeHtml(r.time)}</p>
  ${r.message ? `<p>${escapeHtml(r.message)}</p>` : ''}`;
  const d = r.diagnosis;
  if (!d)
    return `${head}<p>It was refused for ${escapeHtml(receiptReasonText(reason))}, not for its signature: there is no signature to diagnose.</p>`;
  return `${head}${finding(d)}
  <h2>Fix</h2><p class="fix">${escapeHtml(d.fix)}</p>${action(d)}<p id="applied" role="status"></p>
  ${steps(d)}`;
}

/** The whole page, under a strict CSP: no remote resources, styles and the one script by nonce. */
export function renderRefusal(r: ReceiptRecord, nonce: string, cspSource: string): string {
  const csp = `default-src 'none'; style-src ${cspSource} 'nonce-${nonce}'; script-src 'nonce-${nonce}';`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Why was this refused?</title>
<style nonce="${nonce}">
  body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 16px 24px; }
  h1 { font-size: 1.3em; } h2 { font-size: 1.1em; margin-top: 24px; } h3 { font-size: 1em; margin-top: 16px; }
  .fix { font-size: 1.05em; padding: 8px; border-left: 3px solid var(--vscode-textLink-foreground); background: var(--vscode-textBlockQuote-background); }
  .warning { color: var(--vscode-editorWarning-foreground); } .note { color: var(--vscode-descriptionForeground); }
  #applied { color: var(--vscode-testing-iconPassed); }
  table { border-collapse: collapse; font-family: var(--vscode-editor-font-family); font-size: 0.9em; }
  table.facts th { text-align: left; padding-right: 12px; color: var(--vscode-descriptionForeground); font-weight: normal; }
  table.grid th, table.grid td { text-align: left; vertical-align: top; padding: 2px 8px; border-bottom: 1px solid var(--vscode-widget-border, transparent); white-space: nowrap; }
  table.grid td.long { white-space: normal; word-break: break-all; }
  table.grid th { color: var(--vscode-descriptionForeground); font-weight: normal; }
  button { background: var(--vscode-button-background); color: var(--vscode-button-foreground); border: none; padding: 4px 12px; cursor: pointer; }
  button:hover { background: var(--vscode-button-hoverBackground); }
  button:focus-visible { outline: 1px solid var(--vscode-focusBorder); }
</style></head>
<body>
  <main id="content">${refusalContent(r)}</main>
<script nonce="${nonce}">
  const vscode = acquireVsCodeApi();
  document.getElementById('apply')?.addEventListener('click', () => vscode.postMessage({ command: 'applyFix' }));
  window.addEventListener('message', (event) => {
    const message = event.data;
    if (!message || message.type !== 'applied') return;
    document.getElementById('applied').textContent = message.text;
  });
</script>
</body></html>`;
}
