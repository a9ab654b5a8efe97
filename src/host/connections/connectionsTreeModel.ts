import * as vscode from 'vscode';
import { eventCatalog } from '../../core/events/catalog';
import type { ConnectionHealth } from '../../core/health/healthMonitor';
import { Disposable } from '../lifecycle';
import type { ReceiverService } from '../receiver/receiverService';
import type { ConnectionsService, PollFailure } from './connectionsService';
import { EAM_COLLECTIONS } from '../../core/api/eamCollections';
import type { DataCounts } from './dataCounts';

export type ConnectionNode =
  | { readonly kind: 'unreachable'; readonly key: '' }
  | { readonly kind: 'connection'; readonly key: string }
  | { readonly kind: 'events'; readonly key: string }
  | { readonly kind: 'eventType'; readonly key: string; readonly type: string }
  | { readonly kind: 'webhooks'; readonly key: string }
  | { readonly kind: 'receipt'; readonly key: string; readonly receiptId: string }
  | { readonly kind: 'data'; readonly key: string }
  | { readonly kind: 'collection'; readonly key: string; readonly collection: string };

type NodeOf<K extends ConnectionNode['kind']> = Extract<ConnectionNode, { kind: K }>;

/** One connection's nodes, made once, so a change can be fired for just the node it touched. */
interface ConnectionNodes {
  readonly connection: NodeOf<'connection'>;
  readonly events: NodeOf<'events'>;
  readonly webhooks: NodeOf<'webhooks'>;
  readonly data: NodeOf<'data'>;
  /** By collection name, in the document's order. */
  readonly collections: ReadonlyMap<string, NodeOf<'collection'>>;
}

export const RECENT_WEBHOOKS = 5;

/** The row that says the last poll could not reach Makini, first while it is so. */
const UNREACHABLE: NodeOf<'unreachable'> = { kind: 'unreachable', key: '' };

/**
 * What the Connections view shows: each connection's health, kept here from the connections'
 * events, and its event types and latest webhooks. Fires for the nodes that changed: a connection
 * whose health changed, the event types of one connection, the webhooks of the connection a
 * receipt was for; the whole list only when connections came, went or the mode switched.
 */
export class ConnectionsTreeModel extends Disposable {
  private roots: ConnectionNode[] = [];
  private health = new Map<string, ConnectionHealth>();
  private readonly nodes = new Map<string, ConnectionNodes>();
  private failure: PollFailure | undefined;
  private readonly changed = this._register(new vscode.EventEmitter<ConnectionNode[] | undefined>());
  /** Fires with the nodes that changed, or undefined when the list did. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly connections: ConnectionsService,
    private readonly receiver: ReceiverService,
    private readonly counts: DataCounts,
  ) {
    super();
    this.reload();
    this._register(
      counts.onDidChange(({ key, collection }) => {
        const node = this.nodes.get(key)?.collections.get(collection);
        if (node) this.changed.fire([node]);
      }),
    );
    this._register(connections.onDidChange((key) => this.onConnectionsChanged(key)));
    this._register(
      receiver.onDidReceive(({ receipt }) => {
        const nodes = receipt.connectionId ? this.nodes.get(receipt.connectionId) : undefined;
        if (nodes) this.changed.fire([nodes.webhooks]);
      }),
    );
  }

  get connectionNodes(): readonly ConnectionNode[] {
    return this.roots;
  }

  /** Why the last poll could not reach Makini, while it could not. */
  get pollFailure(): PollFailure | undefined {
    return this.failure;
  }

  /** The connection's health as last announced, and the request ID of its own last failed call. */
  healthOf(key: string): { health?: ConnectionHealth; lastRequestId?: string } {
    return { health: this.health.get(key), lastRequestId: this.connections.lastErrorOf(key)?.requestId };
  }

  children(node: ConnectionNode): ConnectionNode[] {
    const nodes = this.nodes.get(node.key);
    switch (node.kind) {
      case 'connection':
        return nodes ? [nodes.events, nodes.webhooks, nodes.data] : [];
      case 'data':
        // Expanding the node is what asks for the counts: a connection never opened costs nothing.
        this.counts.ensure(node.key);
        return nodes ? [...nodes.collections.values()] : [];
      case 'events':
        return eventCatalog.map((d) => ({ kind: 'eventType', key: node.key, type: d.type }));
      case 'webhooks':
        return this.receiver.receipts
          .query({ connectionId: node.key, limit: RECENT_WEBHOOKS })
          .records.map((r) => ({ kind: 'receipt', key: node.key, receiptId: r.id }));
      default:
        return [];
    }
  }

  /** Whether the connection sends `type` (every type when none was chosen). */
  sends(key: string): (type: string) => boolean {
    const types = this.connections.eventTypes(key);
    return (type) => types === null || types.includes(type);
  }

  /** The collection's record count for the connection, as last read. */
  countOf(key: string, collection: string): ReturnType<DataCounts['countOf']> {
    return this.counts.countOf(key, collection);
  }

  receivedCount(key: string): number {
    return this.receiver.receipts.query({ connectionId: key, limit: 1 }).total;
  }

  private onConnectionsChanged(key: string | undefined): void {
    const nodes = key === undefined ? undefined : this.nodes.get(key);
    if (nodes) return this.changed.fire([nodes.events]);
    const previous = { roots: this.roots, health: this.health, failure: this.failure };
    this.reload();
    const sameList =
      previous.roots.length === this.roots.length &&
      previous.roots.every((node, i) => node === this.roots[i]);
    if (!sameList) return this.changed.fire(undefined);
    // The monitor replaces a connection's health object whenever it judges it again.
    const changed = this.roots.filter((node) =>
      node.kind === 'unreachable'
        ? previous.failure !== this.failure
        : previous.health.get(node.key) !== this.health.get(node.key),
    );
    if (changed.length > 0) this.changed.fire(changed);
  }

  private reload(): void {
    const list = this.connections.list();
    this.health = new Map(list.map((c) => [c.connection.key, c]));
    for (const key of this.nodes.keys()) if (!this.health.has(key)) this.nodes.delete(key);
    this.failure = this.connections.pollFailure;
    const connections = list.map((c) => this.nodesFor(c.connection.key).connection);
    this.roots = this.failure ? [UNREACHABLE, ...connections] : connections;
  }

  private nodesFor(key: string): ConnectionNodes {
    let nodes = this.nodes.get(key);
    if (!nodes) {
      nodes = {
        connection: { kind: 'connection', key },
        events: { kind: 'events', key },
        webhooks: { kind: 'webhooks', key },
        data: { kind: 'data', key },
        collections: new Map(
          EAM_COLLECTIONS.map((c) => [c.name, { kind: 'collection', key, collection: c.name }] as const),
        ),
      };
      this.nodes.set(key, nodes);
    }
    return nodes;
  }
}
