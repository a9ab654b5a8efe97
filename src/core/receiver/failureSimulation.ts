/** Ways to misbehave on purpose, to watch a sender's retries. */
export interface FailureSimulation {
  /** Answer every webhook with this status (takes precedence over `failFirst`). */
  readonly respondStatus?: number;
  /** Answer the first N attempts of each event id with 500. */
  readonly failFirst?: number;
  /** Hold every answer this long. */
  readonly delayMs?: number;
}

export interface SimulatedAnswer {
  /** The status to answer instead of the normal one; absent to answer normally. */
  readonly status?: number;
  readonly delayMs: number;
  /** Which attempt of this event id this was (counted only when `failFirst` is set). */
  readonly attempt?: number;
}

const MAX_TRACKED_IDS = 100_000;

/** Counts attempts per event id (bounded) and decides each answer the simulation calls for. */
export class FailureSimulator {
  private readonly attempts = new Map<string, number>();

  constructor(private simulation: FailureSimulation = {}) {}

  get settings(): FailureSimulation {
    return this.simulation;
  }

  /** New settings; attempt counts restart so `failFirst` applies afresh. */
  update(simulation: FailureSimulation): void {
    this.simulation = simulation;
    this.attempts.clear();
  }

  decide(eventId: string | undefined): SimulatedAnswer {
    const delayMs = this.simulation.delayMs ?? 0;
    if (this.simulation.respondStatus !== undefined)
      return { status: this.simulation.respondStatus, delayMs };
    const failFirst = this.simulation.failFirst ?? 0;
    if (failFirst <= 0 || eventId === undefined) return { delayMs };
    const attempt = (this.attempts.get(eventId) ?? 0) + 1;
    this.attempts.delete(eventId); // Re-inserted last, so the Map stays in recency order.
    this.attempts.set(eventId, attempt);
    if (this.attempts.size > MAX_TRACKED_IDS) {
      const oldest = this.attempts.keys().next();
      if (oldest.done !== true) this.attempts.delete(oldest.value);
    }
    return attempt <= failFirst ? { status: 500, delayMs, attempt } : { delayMs, attempt };
  }
}
