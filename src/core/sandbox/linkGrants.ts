import { randomBytes } from 'node:crypto';
import { FormNonces } from './formNonces';
import type { TokenSubject } from './sandboxTokens';

/** What an app asked for at `GET /oauth/authorize`, checked, kept while the user decides. */
export interface AuthorizationRequest {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly state?: string;
}

/** The tokens one grant answered, so that a reused code can take them back. */
export interface IssuedPair {
  readonly accessToken: string;
  readonly refreshToken: string;
}

/** Redeeming an authorization code: the connection it was approved for, or why not. */
export type CodeRedemption =
  | { readonly ok: true; readonly connectionKey: string }
  | { readonly ok: false; readonly reason: 'unknown' | 'expired' | 'redirect_mismatch' }
  | { readonly ok: false; readonly reason: 'used'; readonly issued: IssuedPair | undefined };

/** Using a refresh token: what it stands for, or why not. */
export type RefreshUse =
  | { readonly ok: true; readonly subject: TokenSubject }
  | { readonly ok: false; readonly reason: 'unknown' | 'expired' | 'used' };

interface CodeGrant {
  readonly request: AuthorizationRequest;
  readonly connectionKey: string;
  readonly expiresAt: number;
  /** Set once redeemed; kept until `keepUntil` so a second redemption is recognised. */
  issued?: IssuedPair | 'pending';
}

interface RefreshGrant {
  readonly subject: TokenSubject;
  readonly expiresAt: number;
  used: boolean;
}

export interface LinkGrantOptions {
  readonly now?: () => number;
  /** How long a refresh token lasts (Makini: 31 days, a day past its access token). */
  readonly refreshTtlSeconds?: number;
}

/** RFC 6749 §4.1.2: a code lives 10 minutes at most, and is good for one exchange. */
export const CODE_TTL_MS = 10 * 60_000;
/** How long a redeemed or expired code is remembered, so reuse is told apart from nonsense. */
const CODE_KEPT_MS = 60 * 60_000;
/** How long the consent page's form can be posted. */
const CONSENT_TTL_MS = 15 * 60_000;
/** Bounds on what a long-running sandbox remembers; the oldest go first. */
const MAX_CODES = 1000;
const MAX_CONSENTS = 1000;
const MAX_REFRESH_TOKENS = 10_000;
export const REFRESH_TTL_SECONDS = 31 * 86_400;

/**
 * Makini Link's grants: consent forms waiting for the user, authorization codes (one exchange
 * each, 10 minutes) and refresh tokens (rotated on every use). Access tokens themselves live in
 * {@link SandboxTokens}; this store only remembers which ones a code answered.
 */
export class LinkGrants {
  readonly consents: FormNonces<AuthorizationRequest>;
  readonly refreshTtlSeconds: number;
  private readonly now: () => number;
  private readonly codes = new Map<string, CodeGrant>();
  private readonly refreshTokens = new Map<string, RefreshGrant>();

  constructor(options: LinkGrantOptions = {}) {
    this.now = options.now ?? Date.now;
    this.refreshTtlSeconds = options.refreshTtlSeconds ?? REFRESH_TTL_SECONDS;
    this.consents = new FormNonces(CONSENT_TTL_MS, MAX_CONSENTS, this.now);
  }

  /** A code for `request`, approved for the connection `connectionKey`. */
  issueCode(request: AuthorizationRequest, connectionKey: string): string {
    const now = this.now();
    for (const [code, grant] of this.codes) {
      if (grant.expiresAt + CODE_KEPT_MS > now && this.codes.size < MAX_CODES) break;
      this.codes.delete(code);
    }
    const code = `code_${randomBytes(24).toString('base64url')}`;
    this.codes.set(code, { request, connectionKey, expiresAt: now + CODE_TTL_MS });
    return code;
  }

  /**
   * Redeems a code sent with `redirectUri`; a good code is used up even when the exchange later
   * fails. Call {@link recordCodeTokens} with what it answered.
   */
  redeemCode(code: string, redirectUri: string): CodeRedemption {
    const grant = this.codes.get(code);
    if (!grant) return { ok: false, reason: 'unknown' };
    if (grant.issued !== undefined) {
      return { ok: false, reason: 'used', issued: grant.issued === 'pending' ? undefined : grant.issued };
    }
    if (grant.expiresAt <= this.now()) return { ok: false, reason: 'expired' };
    // RFC 6749 §4.1.3: the same redirect_uri as the authorization request, character for character.
    if (grant.request.redirectUri !== redirectUri) return { ok: false, reason: 'redirect_mismatch' };
    grant.issued = 'pending';
    return { ok: true, connectionKey: grant.connectionKey };
  }

  /** Remembers the tokens a code answered, for {@link redeemCode} to hand back on reuse. */
  recordCodeTokens(code: string, issued: IssuedPair): void {
    const grant = this.codes.get(code);
    if (grant) grant.issued = issued;
  }

  /** A new refresh token for `subject`, lasting {@link refreshTtlSeconds}. */
  issueRefreshToken(subject: TokenSubject): string {
    const now = this.now();
    for (const [token, grant] of this.refreshTokens) {
      if (grant.expiresAt > now && this.refreshTokens.size < MAX_REFRESH_TOKENS) break;
      this.refreshTokens.delete(token);
    }
    const token = `rt_${randomBytes(32).toString('base64url')}`;
    this.refreshTokens.set(token, { subject, expiresAt: now + this.refreshTtlSeconds * 1000, used: false });
    return token;
  }

  /** Uses a refresh token up: each one is good for a single refresh, which answers a new one. */
  useRefreshToken(token: string): RefreshUse {
    const grant = this.refreshTokens.get(token);
    if (!grant) return { ok: false, reason: 'unknown' };
    if (grant.used) return { ok: false, reason: 'used' };
    if (grant.expiresAt <= this.now()) return { ok: false, reason: 'expired' };
    grant.used = true;
    return { ok: true, subject: grant.subject };
  }

  /** Forgets one refresh token (the pair of a reused code is taken back). */
  revokeRefreshToken(token: string): void {
    this.refreshTokens.delete(token);
  }

  /** Forgets every refresh token of one connection (it was reconnected). */
  revokeConnection(key: string): void {
    for (const [token, grant] of this.refreshTokens) {
      if (grant.subject.kind === 'connection' && grant.subject.key === key) this.refreshTokens.delete(token);
    }
  }
}
