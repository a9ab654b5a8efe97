import * as vscode from 'vscode';
import type { LogKindName } from '../../core/logStore/logKind';
import {
  FILTER_STATUSES,
  filterText,
  parseFilterText,
  parseRecordFilter,
  RecordFilterError,
} from '../../core/logStore/recordFilter';
import { UserError } from '../userError';
import type { ViewFilter } from './viewFilter';

const TITLES: Record<LogKindName, string> = {
  deliveries: 'Filter Deliveries',
  receipts: 'Filter Received Webhooks',
};

/**
 * "Filter Deliveries…" and "Filter Received Webhooks…": one line such as `status:failed
 * type:work_order.updated connection:conn_1 since:10m wo-7` (free text is any other word).
 * Argument: that line, for tests and keybindings. An empty line clears the filter.
 */
export async function filterView(kind: LogKindName, filter: ViewFilter, given?: unknown): Promise<boolean> {
  const line =
    typeof given === 'string'
      ? given
      : await vscode.window.showInputBox({
          title: TITLES[kind],
          prompt: `type:T connection:K status:S (${FILTER_STATUSES[kind].join(', ')}) since:10m, and any text`,
          value: filterText(filter.value),
          placeHolder: `status:${FILTER_STATUSES[kind][1]} type:work_orders.updated`,
        });
  if (line === undefined) return false;
  try {
    filter.set(parseRecordFilter(kind, parseFilterText(line), new Date()));
  } catch (error) {
    if (RecordFilterError.is(error)) throw new UserError('invalidArguments', error.message, { cause: error });
    throw error;
  }
  return true;
}
