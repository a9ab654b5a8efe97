import * as vscode from 'vscode';
import type { ReceiptRecord } from '../../core/receiver/receiptRecord';
import { indexedQuery, isFiltering, matchesReceipt } from '../../core/logStore/recordFilter';
import { Disposable } from '../lifecycle';
import type { ViewFilter } from '../views/viewFilter';
import type { PublicUrlService, PublicUrlState } from './publicUrlService';
import type { ReceiverService, ReceiverState } from './receiverService';

/** How many receipts the Local Receiver view lists, newest first. */
export const SHOWN_RECEIPTS = 100;

/** One receipt of the view; the same object for as long as the receipt is listed. */
/** A row saying something about the receiver itself (where it listens, its secret, its URL). */
export type StateNode = { kind: 'state'; id: string; item: vscode.TreeItem };

export interface ReceiptNode {
  readonly kind: 'receipt';
  readonly receipt: ReceiptRecord;
}

/**
 * What the Local Receiver view shows: the receiver's state and the newest receipts, kept here and
 * updated from the receiver's events, so a refresh reads no log. A receipt that comes in is put
 * first without reading the list again.
 */
export class ReceiverTreeModel extends Disposable {
  private receiptNodes: ReceiptNode[];
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** The state or the list changed: the view's root. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly receiver: ReceiverService,
    private readonly publicUrls: Pick<PublicUrlService, 'current' | 'onDidChange'>,
    private readonly filter: ViewFilter,
  ) {
    super();
    this._register(
      filter.onDidChange(() => {
        this.receiptNodes = this.readReceipts();
        this.changed.fire();
      }),
    );
    this._register(publicUrls.onDidChange(() => this.changed.fire()));
    this.receiptNodes = this.readReceipts();
    this._register(
      receiver.onDidChangeState(() => {
        // A state change may be a cleared log: read the list again (it is rare; receipts are not).
        this.receiptNodes = this.readReceipts();
        this.changed.fire();
      }),
    );
    this._register(
      receiver.onDidReceive(({ receipt }) => {
        // A receipt that could not be stored is announced too, but the view lists the log.
        if (receipt.reason === 'not_stored' || !matchesReceipt(receipt, this.filter.value)) return;
        this.receiptNodes = [{ kind: 'receipt' as const, receipt }, ...this.receiptNodes].slice(
          0,
          SHOWN_RECEIPTS,
        );
        this.changed.fire();
      }),
    );
  }

  get state(): ReceiverState {
    return this.receiver.state;
  }

  /** The public URL to give Makini, or how to get one; undefined while not known. */
  get publicUrl(): PublicUrlState | undefined {
    return this.receiver.state.running ? this.publicUrls.current : undefined;
  }

  get receipts(): readonly ReceiptNode[] {
    return this.receiptNodes;
  }

  /** The newest receipts; with a filter, the newest that pass it, from the whole log. */
  private readReceipts(): ReceiptNode[] {
    const filter = this.filter.value;
    const log = this.receiver.receipts;
    const records = isFiltering(filter)
      ? log
          .query({ ...indexedQuery(filter), limit: log.size })
          .records.filter((r) => matchesReceipt(r, filter))
          .slice(0, SHOWN_RECEIPTS)
      : log.query({ limit: SHOWN_RECEIPTS }).records;
    return records.map((receipt) => ({ kind: 'receipt' as const, receipt }));
  }
}
