import { errorMessage } from '../core/errors';
import { LogStore } from '../core/logStore/logStore';
import { deliveryKind } from '../core/sender/deliveryKind';
import type { DeliveryRecord } from '../core/sender/deliveryRecord';

/** The `--log-dir` flag's help, for the commands that send. */
export const LOG_DIR_HELP = [
  'DIR',
  "log each delivery there, in the editor's deliveries log format, for replay (default: not logged)",
] as const;

/** Where a command that sends logs its deliveries (the editor's log format). */
export interface DeliveryLog {
  /** Appends a finished delivery; a failure to write is warned of, never thrown. */
  readonly log: (delivery: DeliveryRecord) => void;
  readonly close: () => void;
}

/**
 * Opens the deliveries log in `dir`, creating it when needed.
 * @throws LogStoreError when the folder cannot be made or read.
 */
export function openDeliveryLog(dir: string, warn: (message: string) => void): DeliveryLog {
  const deliveries = LogStore.open({ dir, kind: deliveryKind, onWarning: warn });
  return {
    log: (delivery) =>
      void deliveries
        .append(delivery)
        .catch((error: unknown) => warn(`the delivery could not be logged: ${errorMessage(error)}`)),
    close: () => deliveries.close(),
  };
}
