import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { sendJson } from './apiAnswer';
import { HttpProblem } from './httpProblem';
import { CODE_TTL_MS } from './linkGrants';
import { readRequestFields, stringField } from './requestInput';
import type { SandboxCall, SandboxContext } from './sandboxContext';
import type { TokenSubject } from './sandboxTokens';

/** The grants `POST /link/token` takes. */
export const GRANT_TYPES = ['client_credentials', 'authorization_code', 'refresh_token'] as const;

/** RFC 6749 §5.1: token answers are never cached. */
const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' } as const;

/** What every grant answers, as Makini documents it. */
export interface TokenAnswer {
  readonly access_token: string;
  readonly refresh_token: string;
  readonly token_type: 'bearer';
  readonly expires_in: number;
}

/**
 * Answers `POST /link/token`. The body is form-encoded (as Makini documents the Link grants) or
 * JSON (as it documents client credentials); both are taken for every grant. The client
 * authenticates with `client_id` and `client_secret` in the body, or with HTTP Basic (RFC 6749
 * §2.3.1), which OAuth libraries send by default.
 * @throws HttpProblem 401 for wrong client credentials, 400 for an unknown grant or a code or
 * refresh token that cannot be used (each with its own code), 422 for a missing field.
 */
export async function answerLinkToken(ctx: SandboxContext, call: SandboxCall): Promise<void> {
  const body = await readRequestFields(call.req);
  sendJson(call.res, call.requestId, 200, grantToken(ctx, call.req.headers, body), NO_STORE);
}

function grantToken(
  ctx: SandboxContext,
  headers: IncomingHttpHeaders,
  body: Readonly<Record<string, unknown>>,
): TokenAnswer {
  const grant = stringField(body, 'grant_type');
  if (!(GRANT_TYPES as readonly string[]).includes(grant)) {
    throw new HttpProblem(
      400,
      'UNSUPPORTED_GRANT_TYPE',
      'invalid_request_error',
      `The sandbox takes grant_type ${GRANT_TYPES.join(', ')}; got '${grant}'.`,
    );
  }
  authenticateClient(ctx, headers, body);
  if (grant === 'authorization_code') return exchangeCode(ctx, body);
  if (grant === 'refresh_token') return refresh(ctx, body);
  return issuePair(ctx, { kind: 'admin' });
}

/** @throws HttpProblem 401 unless the client's id and secret are the sandbox's. */
function authenticateClient(
  ctx: SandboxContext,
  headers: IncomingHttpHeaders,
  body: Readonly<Record<string, unknown>>,
): void {
  const basic = body.client_id === undefined ? basicCredentials(headers.authorization) : undefined;
  const id = basic?.id ?? stringField(body, 'client_id');
  const secret = basic?.secret ?? stringField(body, 'client_secret');
  if (!sameText(id, ctx.credentials.clientId) || !sameText(secret, ctx.credentials.clientSecret)) {
    throw new HttpProblem(
      401,
      'AUTHENTICATION_FAILED',
      'authentication_error',
      'Invalid client credentials.',
    );
  }
}

/** `Authorization: Basic base64(id:secret)`, each part form-encoded (RFC 6749 §2.3.1). */
function basicCredentials(authorization: string | undefined): { id: string; secret: string } | undefined {
  const encoded = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(authorization ?? '')?.[1];
  if (encoded === undefined) return undefined;
  const text = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  const decode = (part: string): string => new URLSearchParams(`v=${part}`).get('v') ?? '';
  return { id: decode(text.slice(0, colon)), secret: decode(text.slice(colon + 1)) };
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function invalidGrant(code: string, message: string): HttpProblem {
  return new HttpProblem(400, code, 'invalid_request_error', message);
}

function exchangeCode(ctx: SandboxContext, body: Readonly<Record<string, unknown>>): TokenAnswer {
  const code = stringField(body, 'code');
  const redemption = ctx.link.redeemCode(code, stringField(body, 'redirect_uri'));
  if (!redemption.ok) {
    switch (redemption.reason) {
      case 'unknown':
        throw invalidGrant(
          'INVALID_GRANT',
          'The authorization code is not one the sandbox issued: send the code from the redirect to your redirect_uri.',
        );
      case 'expired':
        throw invalidGrant(
          'CODE_EXPIRED',
          `The authorization code expired (codes last ${CODE_TTL_MS / 60_000} minutes): send the user to /oauth/authorize again.`,
        );
      case 'redirect_mismatch':
        throw invalidGrant(
          'REDIRECT_URI_MISMATCH',
          'The redirect_uri differs from the one sent to /oauth/authorize: send the same one, character for character.',
        );
      case 'used':
        // RFC 6749 §4.1.2: a code used twice may have been stolen; what it answered is taken back.
        if (redemption.issued) {
          ctx.tokens.revoke(redemption.issued.accessToken);
          ctx.link.revokeRefreshToken(redemption.issued.refreshToken);
        }
        throw invalidGrant(
          'CODE_ALREADY_USED',
          'The authorization code was already exchanged, and the tokens it answered are revoked: send the user to /oauth/authorize again.',
        );
    }
  }
  const pair = issuePair(ctx, connectionSubject(ctx, redemption.connectionKey));
  ctx.link.recordCodeTokens(code, { accessToken: pair.access_token, refreshToken: pair.refresh_token });
  return pair;
}

function refresh(ctx: SandboxContext, body: Readonly<Record<string, unknown>>): TokenAnswer {
  const use = ctx.link.useRefreshToken(stringField(body, 'refresh_token'));
  if (use.ok) {
    const subject = use.subject.kind === 'admin' ? use.subject : connectionSubject(ctx, use.subject.key);
    return issuePair(ctx, subject);
  }
  switch (use.reason) {
    case 'unknown':
      throw invalidGrant(
        'INVALID_GRANT',
        'The refresh token is not one the sandbox issued, or it was revoked.',
      );
    case 'used':
      throw invalidGrant(
        'REFRESH_TOKEN_USED',
        'The refresh token was already used: each refresh answers a new refresh_token; send the newest.',
      );
    case 'expired':
      throw invalidGrant(
        'REFRESH_TOKEN_EXPIRED',
        `The refresh token expired (they last ${Math.round(ctx.link.refreshTtlSeconds / 86_400)} days): authorize again.`,
      );
  }
}

/** @throws HttpProblem 400 when the connection a grant was for is gone. */
function connectionSubject(ctx: SandboxContext, key: string): TokenSubject {
  try {
    return { kind: 'connection', key: ctx.state.connection(key).key };
  } catch (error) {
    const message = `The connection '${key}' this grant was for no longer exists.`;
    throw new HttpProblem(400, 'INVALID_GRANT', 'invalid_request_error', message, {}, { cause: error });
  }
}

function issuePair(ctx: SandboxContext, subject: TokenSubject): TokenAnswer {
  const ttl = ctx.adminTokenTtlSeconds;
  return {
    access_token: ctx.tokens.issue(subject, ttl),
    refresh_token: ctx.link.issueRefreshToken(subject),
    token_type: 'bearer',
    expires_in: ttl,
  };
}
