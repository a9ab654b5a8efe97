import { providerSlug } from '../../core/events/providers';
import type { ConnectionHealth } from '../../core/health/healthMonitor';
import { Steps } from './steps';

/** Where the connections come from: the Connections view's list. */
export interface ConnectionList {
  list(): readonly ConnectionHealth[];
}

/** Who a sample event is about: a listed connection's id and provider, or neither (made up). */
export interface SampleConnection {
  readonly connectionId?: string;
  readonly provider?: string;
}

/**
 * The connection with key `key` as a sample's subject: its id, and its provider when the view
 * lists it. Without a key, the first listed connection (a sample then names a connection that
 * exists); with none listed, nothing (the sample makes both up).
 */
export function sampleConnection(connections: ConnectionList, key?: string): SampleConnection {
  const listed = connections.list();
  const found = key === undefined ? listed[0] : listed.find((c) => c.connection.key === key);
  if (!found) return key === undefined ? {} : { connectionId: key };
  const provider = found.connection.integrationName;
  return { connectionId: found.connection.key, ...(provider ? { provider: providerSlug(provider) } : {}) };
}

/**
 * Asks, as the next of `steps`, which connection an event is about: each listed connection, or a
 * made-up sample id. Answers null when dismissed.
 */
export async function pickConnection(
  connections: ConnectionList,
  title: string,
  steps = Steps.single(),
): Promise<SampleConnection | null> {
  const items = [
    ...connections.list().map((c) => ({
      label: c.connection.name,
      description: c.connection.key,
      detail: c.connection.integrationName,
      key: c.connection.key,
    })),
    {
      label: '$(symbol-key) A sample connection id',
      detail: 'a realistic id and provider made up for this event, no connection of yours',
      key: undefined,
    },
  ];
  const picked = await steps.pick(items, { title, matchOnDescription: true });
  if (!picked) return null;
  return picked.key === undefined ? {} : sampleConnection(connections, picked.key);
}
