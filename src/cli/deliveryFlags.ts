import { retryPolicy } from '../core/sender/retrySchedule';
import { booleanFlags, intOption, stringFlags } from './parseOptions';

/** How each delivery is attempted and retried: shared by `trigger` and `replay`. */
export const DELIVERY_OPTIONS = {
  ...stringFlags('max-attempts', 'retry-base-ms', 'timeout-ms'),
  ...booleanFlags('insecure'),
} as const;

export const DELIVERY_FLAG_HELP = {
  'max-attempts': [
    'N',
    "attempts per delivery, the first included (default: no limit but Makini's 24 h window)",
  ],
  'retry-base-ms': [
    'MS',
    'wait before the first retry, doubling; smaller compresses the window (default: 30000)',
  ],
  'timeout-ms': ['MS', "how long each attempt waits for an answer (default: 10000, Makini's deadline)"],
  insecure: ['', 'accept any TLS certificate, for a local self-signed one (default: off)'],
} as const;

type DeliveryValues = {
  readonly [K in keyof typeof DELIVERY_OPTIONS]?: K extends 'insecure' ? boolean : string;
};

/**
 * The retry schedule, attempt timeout and TLS choice the flags ask for.
 * @throws UsageError for a value out of range; RetryOptionsError for a schedule that cannot be.
 */
export function readDeliveryFlags(values: DeliveryValues) {
  const baseDelayMs = intOption('retry-base-ms', values['retry-base-ms'], 30_000, 0, 3_600_000);
  const maxAttempts = intOption('max-attempts', values['max-attempts'], Number.MAX_SAFE_INTEGER, 1);
  const retry = { baseDelayMs, maxAttempts };
  retryPolicy(retry);
  return {
    retry,
    timeoutMs: intOption('timeout-ms', values['timeout-ms'], 10_000, 1, 600_000),
    insecure: values.insecure === true,
  };
}
