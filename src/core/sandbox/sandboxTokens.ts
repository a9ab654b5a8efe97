import { createHmac, randomBytes } from 'node:crypto';

/** What a bearer token the sandbox issued stands for. */
export type TokenSubject = { readonly kind: 'admin' } | { readonly kind: 'connection'; readonly key: string };

interface Issued {
  readonly subject: TokenSubject;
  expiresAt: number;
}

/** The result of looking a presented bearer token up. */
export type TokenCheck =
  | { readonly ok: true; readonly subject: TokenSubject }
  | { readonly ok: false; readonly reason: 'missing' | 'unknown' | 'expired' };

/** Expired tokens are remembered this long, so a client presenting one hears TOKEN_EXPIRED. */
const EXPIRED_KEPT_MS = 3_600_000;
/** The least time between two sweeps for expired tokens, which read every token. */
const PRUNE_EVERY_MS = 60_000;

/**
 * Bearer tokens the sandbox issued: JWT-shaped like Makini's, but checked by lookup, since only
 * the sandbox itself ever reads them.
 */
export class SandboxTokens {
  private readonly issued = new Map<string, Issued>();
  private readonly signingKey = randomBytes(32);
  private nextPruneAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly now: () => number = Date.now) {}

  /** How many tokens are remembered, live or expired within the last hour. */
  get size(): number {
    return this.issued.size;
  }

  /** Issues a token for `subject` that lasts `ttlSeconds`; forgets long-expired ones now and then. */
  issue(subject: TokenSubject, ttlSeconds: number): string {
    const now = this.now();
    if (now >= this.nextPruneAt) {
      this.prune();
      this.nextPruneAt = now + PRUNE_EVERY_MS;
    }
    const expiresAt = now + ttlSeconds * 1000;
    const header = base64Url({ alg: 'HS256', typ: 'JWT' });
    const claims = base64Url({
      sub: subject.kind === 'admin' ? 'admin' : subject.key,
      exp: Math.floor(expiresAt / 1000),
      jti: randomBytes(8).toString('hex'),
    });
    const signature = createHmac('sha256', this.signingKey).update(`${header}.${claims}`).digest('base64url');
    const token = `${header}.${claims}.${signature}`;
    this.issued.set(token, { subject, expiresAt });
    return token;
  }

  /** Checks an `Authorization` header value. */
  check(authorization: string | undefined): TokenCheck {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match?.[1]) return { ok: false, reason: 'missing' };
    const found = this.issued.get(match[1]);
    if (!found) return { ok: false, reason: 'unknown' };
    if (found.expiresAt <= this.now()) return { ok: false, reason: 'expired' };
    return { ok: true, subject: found.subject };
  }

  /** Expires one token now (the `expired` fault), or every token when none is given. */
  expire(authorization?: string): void {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    for (const [value, issued] of this.issued) {
      if (token === undefined || value === token) issued.expiresAt = Math.min(issued.expiresAt, this.now());
    }
  }

  /** Revokes one token (an authorization code was used twice: what it answered is taken back). */
  revoke(token: string): void {
    this.issued.delete(token);
  }

  /** Revokes every token of one connection (its credentials changed). */
  revokeConnection(key: string): void {
    for (const [value, issued] of this.issued) {
      if (issued.subject.kind === 'connection' && issued.subject.key === key) this.issued.delete(value);
    }
  }

  /** Forgets tokens expired over an hour ago, so a long-running sandbox does not grow without bound. */
  prune(): void {
    const cutoff = this.now() - EXPIRED_KEPT_MS;
    for (const [value, issued] of this.issued) if (issued.expiresAt <= cutoff) this.issued.delete(value);
  }
}

function base64Url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
