import { SYSTEM_ERROR_OPERATIONS, SYSTEM_ERRORS, type SystemErrorData } from '../events/systemEvents';
import { pick, type RandomSource } from '../random/seededRandom';
import { checkLifeRates, LIFE_PRESETS, type LifeRates } from './lifeRates';
import type { SandboxConnection } from './sandboxModels';
import type { SandboxState } from './sandboxState';

export interface LifeOptions {
  /** Milliseconds between steps; 0 keeps the sandbox still (steps are then taken by hand). */
  readonly tickMs: number;
  /** How often each thing happens (calm by default). */
  readonly rates?: LifeRates;
  /**
   * Changes one record of the connection's data, which then comes back as an entity webhook.
   * Without it, the `entity` share of steps runs the sync cycle instead.
   */
  readonly onEntityChange?: (connectionKey: string) => void;
}

/**
 * Gives the sandbox a life. Each step picks one connection and moves it on: a new one goes
 * Pending → Synchronizing → In progress → Active (its first full sync done); an active one now
 * and then goes offline, loses its credentials, runs out of credits (Inactive), meets a
 * `system.error` or has a record change, and otherwise starts or finishes a sync (sometimes in
 * `error`); one that is offline, Inactive or needs reauthorization recovers at the `recover` rate.
 * Every move goes through {@link SandboxState}, so each is a change and, where Makini announces
 * it, a webhook. With a seeded `random` the sequence is repeatable.
 */
export class LifeTicker {
  private timer: NodeJS.Timeout | undefined;
  private readonly rates: LifeRates;

  /** @throws SandboxError `invalid_value` for rates out of range (see {@link checkLifeRates}). */
  constructor(
    private readonly state: SandboxState,
    private readonly random: RandomSource,
    private readonly options: LifeOptions,
  ) {
    this.rates = checkLifeRates(options.rates ?? LIFE_PRESETS.calm);
  }

  start(): void {
    if (this.timer || this.options.tickMs <= 0) return;
    this.timer = setInterval(() => this.tick(), this.options.tickMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One step of life; public so tests can step it without timers. */
  tick(): void {
    const all = this.state.connections();
    const connection = all[Math.floor(this.random() * all.length)];
    if (connection) this.step(connection);
  }

  private step(c: SandboxConnection): void {
    const { state, rates } = this;
    if (!c.online || c.status === 'Inactive' || !c.credentialsValid) {
      if (this.random() >= rates.recover) return;
      if (!c.online) state.setOnline(c.key, true);
      else if (c.status === 'Inactive') state.setStatus(c.key, 'Active');
      // The customer reconnected it through Makini Link.
      else state.reauthorize(c.key);
      return;
    }
    switch (c.status) {
      case 'Pending':
        state.setStatus(c.key, 'Synchronizing');
        if (c.syncStatus !== 'inprogress') state.runSync(c.key);
        return;
      case 'Synchronizing':
        state.setStatus(c.key, 'In progress');
        return;
      case 'In progress':
        state.setStatus(c.key, 'Active');
        state.setSyncStatus(c.key, 'fulldone');
        return;
      default:
        this.stepActive(c);
    }
  }

  private stepActive(c: SandboxConnection): void {
    const { state, rates } = this;
    let roll = this.random();
    if ((roll -= rates.offline) < 0) return state.setOnline(c.key, false);
    if ((roll -= rates.auth) < 0) return state.rotateCredentials(c.key);
    if ((roll -= rates.inactive) < 0) return state.setStatus(c.key, 'Inactive');
    if ((roll -= rates.systemError) < 0) return state.reportSystemError(c.key, this.systemError());
    const onEntityChange = this.options.onEntityChange;
    if ((roll -= rates.entity) < 0 && onEntityChange) return onEntityChange(c.key);
    if (c.syncStatus !== 'inprogress') return state.runSync(c.key);
    const outcome = this.random();
    state.setSyncStatus(c.key, outcome < rates.syncError ? 'error' : outcome < 0.2 ? 'fulldone' : 'done');
  }

  private systemError(): SystemErrorData {
    const [operation, entity] = pick<(typeof SYSTEM_ERROR_OPERATIONS)[number]>(
      this.random,
      SYSTEM_ERROR_OPERATIONS,
    );
    const hex = Array.from({ length: 4 }, () =>
      Math.floor(this.random() * 2 ** 32)
        .toString(16)
        .padStart(8, '0'),
    ).join('');
    return {
      error: { ...pick<(typeof SYSTEM_ERRORS)[number]>(this.random, SYSTEM_ERRORS) },
      request_id: `req_${hex}`,
      operation,
      affected_entities: [entity],
    };
  }
}
