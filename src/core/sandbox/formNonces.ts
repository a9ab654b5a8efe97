import { randomBytes } from 'node:crypto';

/**
 * One-time nonces for the forms the sandbox renders, each carrying what the form was rendered for,
 * so another site cannot post it and a posted form cannot change what it asks. Every nonce lives
 * equally long, so insertion order is expiry order; at most `max` are remembered, the oldest go first.
 */
export class FormNonces<T> {
  private readonly entries = new Map<string, { readonly value: T; readonly expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly max: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** How many rendered forms can still be posted (expired ones not yet swept included). */
  get size(): number {
    return this.entries.size;
  }

  /** A fresh nonce for a form rendered for `value`. */
  issue(value: T): string {
    const now = this.now();
    for (const [nonce, entry] of this.entries) {
      if (entry.expiresAt > now && this.entries.size < this.max) break;
      this.entries.delete(nonce);
    }
    const nonce = randomBytes(16).toString('hex');
    this.entries.set(nonce, { value, expiresAt: now + this.ttlMs });
    return nonce;
  }

  /** What the form was rendered for, once: `undefined` for an unknown, used or expired nonce. */
  redeem(nonce: string): T | undefined {
    const entry = this.entries.get(nonce);
    this.entries.delete(nonce);
    return entry !== undefined && entry.expiresAt > this.now() ? entry.value : undefined;
  }
}
