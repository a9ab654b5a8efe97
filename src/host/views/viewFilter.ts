import * as vscode from 'vscode';
import { describeFilter, isFiltering, type RecordFilter } from '../../core/logStore/recordFilter';
import { Disposable } from '../lifecycle';

/** What a view is filtered by; the view lists, describes and clears it from here. */
export class ViewFilter extends Disposable {
  private current: RecordFilter = {};
  private readonly changed = this._register(new vscode.EventEmitter<RecordFilter>());
  readonly onDidChange = this.changed.event;

  get value(): RecordFilter {
    return this.current;
  }

  get active(): boolean {
    return isFiltering(this.current);
  }

  /** The view's description: `filtered: failed · sync.failed`, or nothing. */
  get description(): string | undefined {
    return this.active ? `filtered: ${describeFilter(this.current)}` : undefined;
  }

  set(filter: RecordFilter): void {
    this.current = filter;
    this.changed.fire(filter);
  }

  clear(): void {
    this.set({});
  }
}
