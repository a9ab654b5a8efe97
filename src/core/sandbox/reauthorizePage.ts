import { FormNonces } from './formNonces';
import { escapeHtml, page, sendHtml } from './htmlPage';
import { HttpProblem } from './httpProblem';
import { decodeSegment, readRequestFields } from './requestInput';
import type { SandboxCall, SandboxContext } from './sandboxContext';
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
  private readonly nonces: FormNonces<string>;

  constructor(now: () => number = Date.now) {
    this.nonces = new FormNonces(NONCE_TTL_MS, MAX_NONCES, now);
  }

  /** How many rendered forms can still be posted. */
  get size(): number {
    return this.nonces.size;
  }

  /** Answers the page's two requests; resolves `false` for other paths. */
  async handle(ctx: SandboxContext, call: SandboxCall): Promise<boolean> {
    const { req, res, url, requestId } = call;
    const key = PATH.exec(url.pathname)?.[1];
    if (key === undefined) return false;
    const connection = ctx.state.connection(decodeSegment(key, 'connection id'));
    if (req.method === 'GET') {
      const nonce = this.nonces.issue(connection.key);
      sendHtml(res, requestId, 200, formPage(connection, nonce));
      return true;
    }
    if (req.method !== 'POST') return false;
    const body = await readRequestFields(req);
    const nonce = typeof body.nonce === 'string' ? body.nonce : '';
    if (this.nonces.redeem(nonce) !== connection.key) {
      throw new HttpProblem(
        403,
        'INVALID_NONCE',
        'invalid_request_error',
        'Open the reauthorization page again and press Reconnect.',
      );
    }
    ctx.tokens.revokeConnection(connection.key);
    ctx.link.revokeConnection(connection.key);
    ctx.state.reauthorize(connection.key);
    ctx.tokens.issue({ kind: 'connection', key: connection.key }, ctx.connectionTokenTtlSeconds);
    sendHtml(
      res,
      requestId,
      200,
      page(
        'Reconnected',
        `<p>${escapeHtml(connection.name)} is connected again. A new access token was issued; earlier tokens no longer work.</p>`,
      ),
    );
    return true;
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
