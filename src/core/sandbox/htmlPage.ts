import type { ServerResponse } from 'node:http';

/** The Content-Security-Policy of every sandbox page: no scripts, styles or frames; forms post to the page's own origin. */
export const PAGE_CSP = "default-src 'none'; form-action 'self'; frame-ancestors 'none'";

/** A whole page with a title and a body of HTML the caller built (and escaped). */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · Makini sandbox</title></head>
<body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

/** Writes a page with the sandbox's CSP (or a stricter or wider one given), never cached. */
export function sendHtml(
  res: ServerResponse,
  requestId: string,
  status: number,
  html: string,
  csp: string = PAGE_CSP,
): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
    'x-request-id': requestId,
  });
  res.end(html);
}

/** Text made safe for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
