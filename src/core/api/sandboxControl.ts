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

/** What a work order's status change did: the work order, and the status names it moved between. */
export interface WorkOrderChange {
  readonly connection: string;
  readonly workOrder: string;
  readonly from: string;
  readonly to: string;
}

interface Status {
  readonly key: string;
  readonly name?: string;
}

/** The `{key, name}` of each status in a `GET /api/eam/statuses/work-orders` answer. */
function statusesOf(body: unknown): Status[] {
  const data = typeof body === 'object' && body !== null ? (body as { data?: unknown }).data : undefined;
  if (!Array.isArray(data)) return [];
  return data.flatMap((s: unknown) => {
    const { key, name } = (typeof s === 'object' && s !== null ? s : {}) as Record<string, unknown>;
    return typeof key === 'string' ? [{ key, ...(typeof name === 'string' ? { name } : {}) }] : [];
  });
}

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
   * order and its statuses before and after, or undefined when the connection has no work order.
   * @throws MakiniApiError for a refused call.
   */
  async changeWorkOrderStatus(key: string): Promise<WorkOrderChange | undefined> {
    const [orders, answer] = await Promise.all([
      this.client.eamPage(key, 'work-orders', { perPage: 1 }),
      this.client.call({ method: 'GET', path: '/api/eam/statuses/work-orders', connectionId: key }),
    ]);
    const statuses = statusesOf(answer.body);
    const order = orders.records[0];
    if (!order || statuses.length === 0) return undefined;
    const current = statuses.findIndex((s) => s.key === order.statusKey);
    const next = statuses[(current + 1) % statuses.length] ?? statuses[0];
    await this.client.call({
      method: 'PUT',
      path: `/api/eam/work-orders/${encodeURIComponent(order.key)}/status`,
      body: { statusKey: next?.key },
      connectionId: key,
    });
    const name = (status: Status | undefined): string => status?.name ?? status?.key ?? 'none';
    return { connection: key, workOrder: order.key, from: name(statuses[current]), to: name(next) };
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
