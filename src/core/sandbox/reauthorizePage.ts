import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpProblem, readBody } from './httpIo';
import type { SandboxContext } from './sandboxContext';
import type { SandboxConnection } from './sandboxModels';

const PATH = /^\/link\/reauthorize\/([^/]+)$/;

/**
 * The page Makini Link shows to reconnect a customer system: `GET` renders a Reconnect button,
 * whose form `POST` restores the connection and issues it a new token (old ones stop working).
 * Each rendered form carries a one-time nonce so another site cannot post it.
 */
export class ReauthorizePage {
  private readonly nonces = new Set<string>();

  /** Answers the page's two requests; resolves `false` for other paths. */
  async handle(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const key = PATH.exec(url.pathname)?.[1];
    if (key === undefined) return false;
    const connection = ctx.state.connection(decodeURIComponent(key));
    if (req.method === 'GET') {
      const nonce = randomBytes(16).toString('hex');
      this.nonces.add(nonce);
      sendHtml(res, 200, formPage(connection, url.pathname, nonce));
      return true;
    }
    if (req.method !== 'POST') return false;
    const body = await readBody(req);
    const nonce = typeof body.nonce === 'string' ? body.nonce : '';
    if (!this.nonces.delete(nonce)) {
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
}

function formPage(connection: SandboxConnection, action: string, nonce: string): string {
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
