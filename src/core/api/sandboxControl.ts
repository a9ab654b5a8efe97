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

  /** What Reconnect does: the credentials work again, the connection is active and synced. */
  async reauthorize(key: string): Promise<void> {
    await this.post(`connections/${encodeURIComponent(key)}/reauthorize`, {});
  }

  /**
   * As an app would through the EAM API, moves the connection's first work order to the next status
   * of its list; the sandbox then sends its `work_orders.updated` webhook. Resolves to the work
   * order's key, or undefined when the connection has no work order.
   * @throws MakiniApiError for a refused call.
   */
  async changeWorkOrderStatus(key: string): Promise<string | undefined> {
    const [orders, answer] = await Promise.all([
      this.client.eamPage(key, 'work-orders', { perPage: 1 }),
      this.client.call({ method: 'GET', path: '/api/eam/statuses/work-orders', connectionId: key }),
    ]);
    const body = answer.body as { data?: unknown } | null;
    const statuses = (Array.isArray(body?.data) ? (body.data as unknown[]) : []).flatMap((s) => {
      const statusKey = (s as { key?: unknown } | null)?.key;
      return typeof statusKey === 'string' ? [statusKey] : [];
    });
    const order = orders.records[0];
    if (!order || statuses.length === 0) return undefined;
    const next = statuses[(statuses.indexOf(order.statusKey ?? '') + 1) % statuses.length];
    await this.client.call({
      method: 'PUT',
      path: `/api/eam/work-orders/${encodeURIComponent(order.key)}/status`,
      body: { statusKey: next },
      connectionId: key,
    });
    return order.key;
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
