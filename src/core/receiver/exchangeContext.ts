import type { DuplicateDetector } from './duplicateDetector';
import type { FailureSimulator } from './failureSimulation';
import type { ReceiverSettings, ReceiverTimeouts } from './receiverSettings';

/** What a webhook exchange needs from the server that runs it. */
export interface ExchangeContext {
  readonly settings: ReceiverSettings;
  readonly timeouts: ReceiverTimeouts;
  readonly duplicates: DuplicateDetector;
  readonly simulator: FailureSimulator;
  /** This receiver's mark in the forwarding hop header, to tell its own relays coming back. */
  readonly hopId: string;
  /** Aborted when the server stops: pending delays and relays end at once. */
  readonly signal: AbortSignal;
}
