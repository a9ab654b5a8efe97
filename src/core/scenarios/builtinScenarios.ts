import { parseScenario } from './parseScenario';
import type { Scenario } from './scenario';

/**
 * The built-in scenarios, written as scenario files are, so they go through the same parser. They
 * send webhooks only, so each runs against any endpoint; sandbox steps are for the user's own.
 */
const BUILTIN_FILES: readonly Readonly<Record<string, unknown>>[] = [
  {
    name: 'sync-lifecycle',
    description: "A sync's life: in progress, completed with its entity counts, then the entity webhooks.",
    steps: [
      { step: 'send', event: 'connection_statuses.updated', title: 'The sync starts (in progress)' },
      {
        step: 'send',
        event: 'sync.completed',
        delay_ms: 2000,
        title: 'The sync completes, with entity counts',
      },
      { step: 'send', event: 'work_orders.inserted', delay_ms: 500 },
      { step: 'send', event: 'work_orders.updated', delay_ms: 500 },
      { step: 'send', event: 'assets.updated', delay_ms: 500 },
    ],
  },
  {
    name: 'sync-failure-and-retry',
    description: 'A sync fails and will be retried; the retry completes.',
    steps: [
      {
        step: 'send',
        event: 'sync.failed',
        data: {
          error: { code: 'PLATFORM_UNAVAILABLE', message: 'The platform did not answer within 60 seconds.' },
          will_retry: true,
        },
        title: 'The sync fails, to be retried',
      },
      { step: 'send', event: 'sync.completed', delay_ms: 5000, title: 'The retried sync completes' },
    ],
  },
  {
    name: 'credentials-changed',
    description:
      'The customer changed the password: a sync fails to authenticate, the connection needs reauthorization, is reconnected, comes online and syncs.',
    steps: [
      {
        step: 'send',
        event: 'sync.failed',
        data: {
          error: { code: 'AUTHENTICATION_FAILED', message: 'The platform rejected the stored credentials.' },
          will_retry: false,
        },
        title: 'The sync fails to authenticate',
      },
      {
        step: 'send',
        event: 'connection.auth_required',
        delay_ms: 500,
        data: { reason: 'credentials_changed' },
        title: 'The connection needs reauthorization',
      },
      {
        step: 'send',
        event: 'connection.status_changed',
        delay_ms: 3000,
        data: { previous_status: 'offline', status: 'online', reason: 'The connection was reauthorized.' },
        title: 'Reconnected: the connection is online',
      },
      { step: 'send', event: 'sync.completed', delay_ms: 2000, title: 'The sync completes' },
    ],
  },
  {
    name: 'outage',
    description: 'The platform goes offline, Makini reports an error, then the connection is back online.',
    steps: [
      {
        step: 'send',
        event: 'connection.status_changed',
        data: { previous_status: 'online', status: 'offline' },
        title: 'The connection goes offline',
      },
      { step: 'send', event: 'system.error', delay_ms: 1000, title: 'Makini reports an error' },
      {
        step: 'send',
        event: 'connection.status_changed',
        delay_ms: 5000,
        data: { previous_status: 'offline', status: 'online', reason: 'The platform answers again.' },
        title: 'The connection is back online',
      },
    ],
  },
  {
    name: 'duplicate-storm',
    description:
      'The same events delivered again and again, interleaved: an idempotent endpoint acts once each.',
    steps: [
      { step: 'send', event: 'work_orders.updated', id: 'a', title: 'Work order updated (A)' },
      { step: 'send', event: 'assets.updated', id: 'b', delay_ms: 100, title: 'Asset updated (B)' },
      { step: 'resend', of: 'a', delay_ms: 100, title: 'A again' },
      { step: 'resend', of: 'b', delay_ms: 100, title: 'B again' },
      { step: 'resend', of: 'a', delay_ms: 100, title: 'A a third time' },
      { step: 'resend', of: 'a', delay_ms: 100, title: 'A a fourth time' },
      { step: 'resend', of: 'b', delay_ms: 100, title: 'B a third time' },
    ],
  },
  {
    name: 'out-of-order',
    description: 'A record is updated before it is inserted, as deliveries may arrive out of order.',
    steps: [
      {
        step: 'send',
        event: 'work_orders.updated',
        data: { key: 'wo_out_of_order' },
        title: 'The work order is updated',
      },
      {
        step: 'send',
        event: 'work_orders.inserted',
        delay_ms: 200,
        data: { key: 'wo_out_of_order' },
        title: 'The same work order is inserted, after',
      },
    ],
  },
];

let parsed: readonly Scenario[] | undefined;

/** The built-in scenarios, in the order `scenario list` shows them. */
export function builtinScenarios(): readonly Scenario[] {
  parsed ??= BUILTIN_FILES.map((file) => parseScenario(file, `built-in scenario ${String(file.name)}`));
  return parsed;
}

/** The built-in scenario called `name`, or undefined. */
export function builtinScenario(name: string): Scenario | undefined {
  return builtinScenarios().find((scenario) => scenario.name === name);
}
