export interface DuplicateWindow {
  /** Most ids remembered; the oldest are forgotten first. Default 100,000. */
  readonly maxIds?: number;
  /** How long an id is remembered. Default 24 hours (Makini retries for up to a day). */
  readonly windowMs?: number;
  /** Most memory the remembered ids may take, roughly, in bytes. Default 32 MiB. */
  readonly maxBytes?: number;
}

// What a Map entry of a short string and a number costs besides the string's characters.
const ENTRY_OVERHEAD_BYTES = 80;
const entryBytes = (id: string): number => ENTRY_OVERHEAD_BYTES + 2 * id.length;

/**
 * Remembers event ids that were accepted, in bounded memory, so a redelivery can be flagged.
 * A Map iterates in insertion order, which here is also age order: eviction is from the front.
 */
export class DuplicateDetector {
  private readonly seen = new Map<string, number>();
  private readonly maxIds: number;
  private readonly windowMs: number;
  private readonly maxBytes: number;
  private bytes = 0;

  constructor(window: DuplicateWindow = {}) {
    this.maxIds = Math.max(1, window.maxIds ?? 100_000);
    this.windowMs = window.windowMs ?? 24 * 60 * 60 * 1000;
    this.maxBytes = Math.max(1, window.maxBytes ?? 32 * 1024 * 1024);
  }

  /** Roughly how much memory the remembered ids take. */
  get sizeBytes(): number {
    return this.bytes;
  }

  get size(): number {
    return this.seen.size;
  }

  /** Whether `id` was accepted within the window. */
  has(id: string, now = Date.now()): boolean {
    this.expire(now);
    return this.seen.has(id);
  }

  /** Remembers `id` as accepted (its first acceptance time is kept). */
  remember(id: string, now = Date.now()): void {
    if (this.seen.has(id)) return;
    this.seen.set(id, now);
    this.bytes += entryBytes(id);
    while (this.seen.size > this.maxIds || (this.bytes > this.maxBytes && this.seen.size > 1)) {
      const oldest = this.seen.keys().next();
      if (oldest.done === true) break;
      this.forget(oldest.value);
    }
  }

  private forget(id: string): void {
    this.seen.delete(id);
    this.bytes -= entryBytes(id);
  }

  private expire(now: number): void {
    for (const [id, time] of this.seen) {
      if (now - time < this.windowMs) break;
      this.forget(id);
    }
  }
}
