import { escapeHtml, page, sendHtml } from './htmlPage';
import { HttpProblem } from './httpProblem';
import type { AuthorizationRequest } from './linkGrants';
import { readRequestFields, stringField } from './requestInput';
import type { SandboxCall, SandboxContext } from './sandboxContext';
import type { SandboxConnection } from './sandboxModels';

/** Where Makini Link's authorization starts (`https://link.makini.io/oauth/authorize` in production). */
export const AUTHORIZE_PATH = '/oauth/authorize';
/** The consent page lists this many connections at most (and the one `connection=` names). */
const MAX_LISTED = 100;
const MAX_REDIRECT_URI = 2048;
const MAX_STATE = 1024;

/**
 * Makini Link's consent page. `GET /oauth/authorize?response_type=code&client_id&redirect_uri
 * [&state][&connection]` checks the request and shows which sandbox connection to grant, with
 * Approve and Deny; the form posts back to the same path, relative to the page, with a one-time
 * nonce that carries the checked request (a posted form cannot change where the code goes).
 * Approving redirects to `redirect_uri` with a `code` and the `state`; denying, with
 * `error=access_denied`. A connection that needed reauthorization is reconnected by approving.
 * Errors in the request itself are answered here, never redirected (RFC 6749 §4.1.2.1).
 * @throws HttpProblem 400 for a wrong response_type, client_id or redirect_uri; 403 for a form
 * posted twice or too late; 404 for an unknown connection.
 */
export async function handleAuthorize(ctx: SandboxContext, call: SandboxCall): Promise<boolean> {
  if (call.url.pathname !== AUTHORIZE_PATH) return false;
  if (call.req.method === 'GET') {
    showConsent(ctx, call);
    return true;
  }
  if (call.req.method !== 'POST') return false;
  await decide(ctx, call);
  return true;
}

function showConsent(ctx: SandboxContext, call: SandboxCall): void {
  const query = call.url.searchParams;
  const request = checkRequest(ctx, query);
  const chosen = query.get('connection');
  const preselected = chosen === null ? undefined : ctx.state.connection(chosen);
  const listed = ctx.state.connections().slice(0, MAX_LISTED);
  if (preselected && !listed.some((c) => c.key === preselected.key)) listed.unshift(preselected);
  const nonce = ctx.link.consents.issue(request);
  const origin = new URL(request.redirectUri).origin;
  // Chrome applies form-action to the redirect a form's answer makes, so the app's origin is allowed too.
  const csp = `default-src 'none'; form-action 'self' ${origin}; frame-ancestors 'none'`;
  sendHtml(call.res, call.requestId, 200, consentPage(request, listed, preselected?.key, nonce), csp);
}

/** @throws HttpProblem 400 naming the parameter that is wrong and what it must be. */
function checkRequest(ctx: SandboxContext, query: URLSearchParams): AuthorizationRequest {
  const responseType = query.get('response_type');
  if (responseType !== 'code') {
    throw badRequest(
      'UNSUPPORTED_RESPONSE_TYPE',
      `Makini Link takes response_type=code; got ${shown(responseType)}.`,
    );
  }
  const clientId = query.get('client_id') ?? '';
  if (clientId !== ctx.credentials.clientId) {
    throw badRequest(
      'INVALID_CLIENT',
      `Unknown client_id ${shown(clientId || null)}: send the sandbox's, '${ctx.credentials.clientId}' (makini-devtools sandbox prints it).`,
    );
  }
  const redirectUri = query.get('redirect_uri') ?? '';
  if (!isRedirectUri(redirectUri)) {
    throw badRequest(
      'INVALID_REDIRECT_URI',
      `redirect_uri must be an absolute http(s) URL without a #fragment, at most ${MAX_REDIRECT_URI} characters; got ${shown(redirectUri || null)}.`,
    );
  }
  const state = query.get('state');
  if (state !== null && state.length > MAX_STATE) {
    throw badRequest('INVALID_REQUEST', `state must be at most ${MAX_STATE} characters.`);
  }
  return { clientId, redirectUri, ...(state === null ? {} : { state }) };
}

function isRedirectUri(text: string): boolean {
  if (text.length > MAX_REDIRECT_URI || text.includes('#')) return false;
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

async function decide(ctx: SandboxContext, call: SandboxCall): Promise<void> {
  const body = await readRequestFields(call.req);
  const request = ctx.link.consents.redeem(typeof body.nonce === 'string' ? body.nonce : '');
  if (!request) {
    throw new HttpProblem(
      403,
      'INVALID_NONCE',
      'invalid_request_error',
      'This consent form was already answered or is over 15 minutes old: start again from /oauth/authorize.',
    );
  }
  const target = new URL(request.redirectUri);
  const decision = body.decision;
  if (decision === 'deny') {
    target.searchParams.set('error', 'access_denied');
  } else if (decision === 'approve') {
    const connection = ctx.state.connection(stringField(body, 'connection'));
    if (!connection.credentialsValid) {
      // What Makini Link's reconnect does: new credentials, and the old tokens stop working.
      ctx.tokens.revokeConnection(connection.key);
      ctx.link.revokeConnection(connection.key);
      ctx.state.reauthorize(connection.key);
    }
    target.searchParams.set('code', ctx.link.issueCode(request, connection.key));
  } else {
    throw new HttpProblem(
      422,
      'VALIDATION_FAILED',
      'invalid_request_error',
      "The 'decision' field must be approve or deny.",
    );
  }
  if (request.state !== undefined) target.searchParams.set('state', request.state);
  call.res.writeHead(303, {
    location: target.href,
    'cache-control': 'no-store',
    'x-request-id': call.requestId,
  });
  call.res.end();
}

function consentPage(
  request: AuthorizationRequest,
  connections: readonly SandboxConnection[],
  preselected: string | undefined,
  nonce: string,
): string {
  const selected = preselected ?? connections[0]?.key;
  const options = connections
    .map((c) => {
      const label = `${c.name} · ${c.status}${c.credentialsValid ? '' : ' · needs reauthorization'}`;
      const isSelected = c.key === selected ? ' selected' : '';
      return `<option value="${escapeHtml(c.key)}"${isSelected}>${escapeHtml(label)}</option>`;
    })
    .join('\n');
  // Relative, as on the reauthorization page: behind a path prefix the page's URL is the one that works.
  const action = `./${AUTHORIZE_PATH.split('/').at(-1) ?? ''}`;
  return page(
    'Connect a system with Makini Link',
    `<p><strong>${escapeHtml(request.clientId)}</strong> asks to read and write one customer system's data through Makini.
Approving sends you back to <code>${escapeHtml(new URL(request.redirectUri).origin)}</code> with an authorization code.</p>
<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="nonce" value="${nonce}">
<p><label for="connection">Sandbox connection</label>
<select id="connection" name="connection">
${options}
</select></p>
<p><button type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="deny">Deny</button></p>
</form>`,
  );
}

function badRequest(code: string, message: string): HttpProblem {
  return new HttpProblem(400, code, 'invalid_request_error', message);
}

/** An outside value quoted for a message, cut short; `(none)` when absent. */
function shown(value: string | null): string {
  return value === null ? '(none)' : `'${value.slice(0, 100)}'`;
}
