import type { SandboxWebhook } from './sandboxWebhooks';

/** The outcome of sending one sandbox webhook (so far, or after the sender's retries). */
export interface SandboxDelivery {
  /** The sender's delivery ID (`dlv_…`), or a local one when the webhook could not be sent. */
  readonly id: string;
  readonly eventId: string;
  readonly type: string;
  readonly connectionId: string;
  readonly url: string;
  readonly status: 'delivering' | 'delivered' | 'failed' | 'cancelled';
  readonly attempts: number;
  /** The receiver's last HTTP status, if it answered. */
  readonly responseStatus?: number;
  readonly error?: string;
  readonly at: string;
}

/**
 * Sends the sandbox's webhooks. Kept behind this interface so the sandbox does not care how
 * events are enveloped, signed and retried (sandboxSender.ts is the real one).
 */
export interface WebhookDispatcher {
  /** Sends one webhook; resolves with its final delivery record, and never rejects. */
  dispatch(
    webhook: SandboxWebhook,
    onAttempt?: (delivery: SandboxDelivery) => void,
  ): Promise<SandboxDelivery>;
  /** Stops retries in flight and waits for them. */
  dispose(): Promise<void>;
}
