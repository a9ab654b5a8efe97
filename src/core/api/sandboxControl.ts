import type { Fault } from '../sandbox/faults';
import type { MakiniClient } from './makiniClient';

/** A one-shot fault the sandbox can be told to answer its next API call with, and what it does. */
export interface FaultChoice {
  readonly fault: Fault['kind'];
  readonly label: string;
  readonly detail: string;
}

/** The faults `POST /_sandbox/faults` queues, in the order a picker offers them. */
export const FAULT_CHOICES: readonly FaultChoice[] = [
  { fault: 'server_error', label: 'Server error (500)', detail: 'The next API call answers HTTP 500.' },
  {
    fault: 'rate_limited',
    label: 'Rate limited (429)',
    detail: 'The next API call answers HTTP 429 with Retry-After: 1.',
  },
  {
    fault: 'expired_token',
    label: 'Expired token (401)',
    detail: "The next API call's token has expired: a client must renew it.",
  },
  {
    fault: 'malformed',
    label: 'Malformed answer',
    detail: 'The next API call answers 200 with an HTML page, as a captive portal would.',
  },
  { fault: 'hang', label: 'Hang', detail: 'The next API call gets no answer until the client gives up.' },
];

/**
 * Drives a running sandbox through its control endpoints (`/_sandbox/`), over the same client,
 * so each call has its request ID and its failures are {@link MakiniApiError}s.
 */
export class SandboxControl {
  constructor(private readonly client: MakiniClient) {}

  /** @throws MakiniApiError (404 for an unknown connection). */
  async setOnline(key: string, online: boolean): Promise<void> {
    await this.post(`connections/${encodeURIComponent(key)}/online`, { online });
  }

  /** The customer changed the system's password: syncs fail until the connection is reauthorized. */
  async requireReauthorization(key: string): Promise<void> {
    await this.post(`connections/${encodeURIComponent(key)}/rotate-credentials`, {});
  }

  /** Runs a sync that ends in `error`, as a failed sync does. */
  async failSync(key: string): Promise<void> {
    await this.post(`connections/${encodeURIComponent(key)}/sync`, { outcome: 'error' });
  }

  /** Queues a one-shot fault for the next API call. */
  async queueFault(kind: Fault['kind']): Promise<void> {
    const fault = kind === 'rate_limited' ? { kind, retry_after: 1 } : { kind };
    await this.post('faults', { queue: [fault] });
  }

  /** Makes the connection read-only (writes answer success and change nothing), or writable again. */
  async setReadOnly(key: string, readOnly: boolean): Promise<void> {
    await this.post(`connections/${encodeURIComponent(key)}/read-only`, { read_only: readOnly });
  }

  /** Expires every access token issued (admin and connections). */
  async expireTokens(): Promise<void> {
    await this.post('tokens/expire', {});
  }

  private async post(path: string, body: Readonly<Record<string, unknown>>): Promise<void> {
    await this.client.call({ method: 'POST', path: `/_sandbox/${path}`, body, auth: 'none' });
  }
}
