/** A webhook the sandbox wants sent, before it is shaped into an event envelope and signed. */
export interface SandboxWebhook {
  readonly type: string;
  readonly connectionId: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** The outcome of sending one sandbox webhook (after the sender's retries, if any). */
export interface SandboxDelivery {
  readonly id: string;
  readonly type: string;
  readonly connectionId: string;
  readonly url: string;
  readonly delivered: boolean;
  readonly attempts: number;
  /** The receiver's last HTTP status, if it answered. */
  readonly responseStatus?: number;
  readonly error?: string;
  readonly at: string;
}

/**
 * Sends the sandbox's webhooks. Kept behind this interface so the sandbox does not care how
 * events are enveloped, signed and retried (see sandboxSender.ts for the real one).
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
