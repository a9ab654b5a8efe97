import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpProblem } from './httpProblem';
import { decodeSegment, readRequestFields } from './requestInput';
import type { SandboxContext } from './sandboxContext';
import type { SandboxConnection } from './sandboxModels';

const PATH = /^\/link\/reauthorize\/([^/]+)$/;
/** How long a rendered form can be posted. */
const NONCE_TTL_MS = 15 * 60_000;
/** Forms rendered but not posted that are remembered at most; the oldest go first. */
const MAX_NONCES = 1000;

/**
 * The page Makini Link shows to reconnect a customer system: `GET` renders a Reconnect button,
 * whose form `POST` restores the connection and issues it a new token (old ones stop working).
 * Each rendered form carries a one-time nonce, good for 15 minutes, so another site cannot post it.
 * Every link and form on the pages is relative, so they work wherever the sandbox is served from.
 */
export class ReauthorizePage {
  /** Nonce to the time it expires, oldest first (every nonce lives equally long). */
  private readonly nonces = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** How many rendered forms can still be posted. */
  get size(): number {
    return this.nonces.size;
  }

  /** Answers the page's two requests; resolves `false` for other paths. */
  async handle(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const key = PATH.exec(url.pathname)?.[1];
    if (key === undefined) return false;
    const connection = ctx.state.connection(decodeSegment(key, 'connection id'));
    if (req.method === 'GET') {
      const nonce = this.issue();
      sendHtml(res, 200, formPage(connection, nonce));
      return true;
    }
    if (req.method !== 'POST') return false;
    const body = await readRequestFields(req);
    const nonce = typeof body.nonce === 'string' ? body.nonce : '';
    if (!this.redeem(nonce)) {
      throw new HttpProblem(
        403,
        'INVALID_NONCE',
        'invalid_request_error',
        'Open the reauthorization page again and press Reconnect.',
      );
    }
    ctx.tokens.revokeConnection(connection.key);
    ctx.state.reauthorize(connection.key);
    ctx.tokens.issue({ kind: 'connection', key: connection.key }, ctx.connectionTokenTtlSeconds);
    sendHtml(
      res,
      200,
      page(
        'Reconnected',
        `<p>${escapeHtml(connection.name)} is connected again. A new access token was issued; earlier tokens no longer work.</p>`,
      ),
    );
    return true;
  }

  private issue(): string {
    const now = this.now();
    // Insertion order is expiry order, so the expired ones are all at the front.
    for (const [nonce, expiresAt] of this.nonces) {
      if (expiresAt > now && this.nonces.size < MAX_NONCES) break;
      this.nonces.delete(nonce);
    }
    const nonce = randomBytes(16).toString('hex');
    this.nonces.set(nonce, now + NONCE_TTL_MS);
    return nonce;
  }

  private redeem(nonce: string): boolean {
    const expiresAt = this.nonces.get(nonce);
    this.nonces.delete(nonce);
    return expiresAt !== undefined && expiresAt > this.now();
  }
}

/**
 * The form posts to a path relative to the page, never an absolute one: behind a proxy that serves
 * the sandbox under a prefix (code-server's `/proxy/<port>/`, a forwarded port) the page's own URL
 * is the only one known to reach the sandbox.
 */
function formPage(connection: SandboxConnection, nonce: string): string {
  const action = `./${encodeURIComponent(connection.key)}`;
  return page(
    `Reconnect ${connection.integrationName}`,
    `<p>${escapeHtml(connection.name)} needs its ${escapeHtml(connection.integrationName)} credentials again.</p>
<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="nonce" value="${nonce}">
<button type="submit">Reconnect</button>
</form>`,
  );
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · Makini sandbox</title></head>
<body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': "default-src 'none'; form-action 'self'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
  });
  res.end(html);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
