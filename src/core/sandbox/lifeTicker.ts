import type { SandboxState } from './sandboxState';
import type { RandomSource } from '../random/seededRandom';

const LIVE_STATUSES = new Set(['Active', 'Synchronizing', 'In progress']);

/**
 * Gives the sandbox a life: on each tick one live connection starts a sync or finishes the one it
 * is running, mostly successfully, now and then with an error or an authentication failure.
 * With a seeded `random` the sequence of changes is repeatable.
 */
export class LifeTicker {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly state: SandboxState,
    private readonly random: RandomSource,
    private readonly tickMs: number,
  ) {}

  start(): void {
    if (this.timer || this.tickMs <= 0) return;
    this.timer = setInterval(() => this.tick(), this.tickMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One step of life; public so tests can step it without timers. */
  tick(): void {
    const live = this.state
      .connections()
      .filter((c) => c.online && c.credentialsValid && LIVE_STATUSES.has(c.status));
    const connection = live[Math.floor(this.random() * live.length)];
    if (!connection) return;
    if (connection.syncStatus !== 'inprogress') {
      this.state.runSync(connection.key);
      return;
    }
    const roll = this.random();
    if (roll < 0.03) this.state.rotateCredentials(connection.key);
    else if (roll < 0.1) this.state.setSyncStatus(connection.key, 'error');
    else this.state.setSyncStatus(connection.key, roll < 0.2 ? 'fulldone' : 'done');
  }
}
