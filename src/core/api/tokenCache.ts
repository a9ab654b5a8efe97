import type { IssuedToken } from './models';

interface Entry {
  readonly token: string;
  readonly refreshAt: number;
}

/**
 * Bearer tokens by key (the admin token, one per connection), kept until shortly before they
 * expire. Concurrent callers asking for the same missing token share one request.
 */
export class TokenCache {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<string>>();

  constructor(
    private readonly now: () => number,
    /** How long before expiry a token is replaced. */
    private readonly skewMs: number,
  ) {}

  /**
   * The cached token for `key`, or a fresh one from `issue`.
   * @throws whatever `issue` throws.
   */
  async get(key: string, issue: () => Promise<IssuedToken>): Promise<string> {
    const entry = this.entries.get(key);
    if (entry && entry.refreshAt > this.now()) return entry.token;
    const inFlight = this.pending.get(key);
    if (inFlight) return inFlight;
    const request = issue()
      .then((issued) => {
        // Short-lived tokens keep at least half their life, so they are not refreshed on every call.
        const lifeMs = issued.expiresInSeconds * 1000;
        const refreshAt = this.now() + Math.max(lifeMs - this.skewMs, lifeMs / 2);
        this.entries.set(key, { token: issued.token, refreshAt });
        return issued.token;
      })
      .finally(() => this.pending.delete(key));
    this.pending.set(key, request);
    return request;
  }

  /** Forgets `key`'s token if it is still `token` (a token another caller renewed is kept). */
  invalidate(key: string, token?: string): void {
    const entry = this.entries.get(key);
    if (entry && (token === undefined || entry.token === token)) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
