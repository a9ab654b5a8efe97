import type { AttemptRecord, DeliveryRecord } from '../../../../src/core/sender/deliveryRecord';

/** An attempt as the sender records it; `overrides` pick the outcome. */
export function attemptFixture(number: number, overrides: Partial<AttemptRecord> = {}): AttemptRecord {
  return {
    deliveryId: 'dlv_1',
    eventId: 'evt_1',
    number,
    startedAt: new Date(Date.parse('2026-01-01T00:00:00.000Z') + (number - 1) * 1000).toISOString(),
    durationMs: 250,
    request: {
      method: 'POST',
      url: 'http://127.0.0.1:3000/hooks',
      headers: { 'content-type': 'application/json' },
      body: '{"id":"evt_1"}',
      insecure: false,
      timeoutMs: 10_000,
    },
    response: {
      status: 500,
      statusText: 'Internal Server Error',
      headers: { 'content-type': 'text/plain' },
      body: 'down',
      bodyBytes: 4,
      truncated: false,
    },
    outcome: 'retry',
    nextRetryMs: 750,
    nextRetryBasis: 'backoff',
    ...overrides,
  };
}

/** A delivery of `attempts`, whose fields can be replaced (by outside text, say). */
export function deliveryFixture(
  attempts: readonly AttemptRecord[],
  overrides: Partial<DeliveryRecord> = {},
): DeliveryRecord {
  return {
    id: 'dlv_1',
    eventId: 'evt_1',
    eventType: 'sync.completed',
    connectionId: 'conn_1',
    url: 'http://127.0.0.1:3000/hooks',
    scheme: 'makini',
    duplicate: { index: 1, of: 1 },
    status: 'delivered',
    createdAt: '2026-01-01T00:00:00.000Z',
    attempts,
    ...overrides,
  };
}
