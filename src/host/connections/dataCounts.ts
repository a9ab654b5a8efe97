import * as vscode from 'vscode';
import { failureReason } from '../../core/api/apiErrors';
import { EAM_COLLECTIONS } from '../../core/api/eamCollections';
import type { MakiniClient } from '../../core/api/makiniClient';
import { forEachBounded } from '../../core/async/boundedConcurrency';
import { Disposable } from '../lifecycle';

/** A collection's count as the Data node shows it: being read, read, or why it could not be. */
export type CollectionCount =
  | { readonly state: 'counting' }
  | { readonly state: 'counted'; readonly total: number }
  | { readonly state: 'failed'; readonly reason: string };

/** Where the counts are read: the current mode's client. */
export interface CountSource {
  readonly client: MakiniClient | undefined;
}

/**
 * Each connection's collection counts, read with the connection's token when its Data node is
 * first expanded (a few at a time), and kept until the client changes (another mode, other
 * credentials). Fires with the connection and collection whose count arrived.
 */
export class DataCounts extends Disposable {
  private counts = new Map<string, Map<string, CollectionCount>>();
  private countedWith: MakiniClient | undefined;
  /** Connections whose counts are being read. */
  private readonly counting = new Set<string>();
  private readonly changed = this._register(
    new vscode.EventEmitter<{ readonly key: string; readonly collection: string }>(),
  );
  readonly onDidChange = this.changed.event;

  constructor(private readonly source: CountSource) {
    super();
  }

  /** The count of `collection` for connection `key`; starts counting the connection's collections. */
  countOf(key: string, collection: string): CollectionCount {
    return this.forConnection(key).get(collection) ?? { state: 'counting' };
  }

  /**
   * Starts counting the connection's collections unless they are counted or being counted; counts
   * that failed are read again (the node was expanded anew: the API may answer now).
   */
  ensure(key: string): void {
    const counts = this.forConnection(key);
    const client = this.countedWith;
    const failed = [...counts.values()].some((c) => c.state === 'failed');
    if (client && failed && !this.counting.has(key)) void this.count(client, key, counts);
  }

  private forConnection(key: string): Map<string, CollectionCount> {
    const client = this.source.client;
    if (client !== this.countedWith) {
      this.counts = new Map();
      this.counting.clear();
      this.countedWith = client;
    }
    let counts = this.counts.get(key);
    if (!counts) {
      counts = new Map(EAM_COLLECTIONS.map((c) => [c.name, { state: 'counting' } as const]));
      this.counts.set(key, counts);
      if (client) void this.count(client, key, counts);
    }
    return counts;
  }

  private async count(
    client: MakiniClient,
    key: string,
    counts: Map<string, CollectionCount>,
  ): Promise<void> {
    this.counting.add(key);
    try {
      await this.countEach(client, key, counts);
    } finally {
      if (this.counts.get(key) === counts) this.counting.delete(key);
    }
  }

  private async countEach(
    client: MakiniClient,
    key: string,
    counts: Map<string, CollectionCount>,
  ): Promise<void> {
    await forEachBounded(EAM_COLLECTIONS, 4, async ({ name }) => {
      let result: CollectionCount;
      try {
        result = { state: 'counted', total: await client.eamCount(key, name) };
      } catch (error) {
        result = { state: 'failed', reason: failureReason(error) };
      }
      if (this.counts.get(key) !== counts) return; // Counted for a client no longer in use.
      counts.set(name, result);
      this.changed.fire({ key, collection: name });
    });
  }
}
