import * as vscode from 'vscode';
import { filterText, parseFilterText, parseRecordFilter } from '../../core/logStore/recordFilter';
import { FILTER_STATUSES, RecordFilterError } from '../../core/logStore/recordFilter';
import { UserError } from '../userError';
import type { ViewFilter } from '../views/viewFilter';

/**
 * "Filter Deliveries…": one line such as `status:failed type:work_order.updated connection:conn_1
 * since:10m wo-7` (free text is any other word). Argument: that line, for tests and keybindings.
 * An empty line clears the filter.
 */
export async function filterDeliveries(filter: ViewFilter, given?: unknown): Promise<boolean> {
  const line =
    typeof given === 'string'
      ? given
      : await vscode.window.showInputBox({
          title: 'Filter Deliveries',
          prompt: `type:T connection:K status:S (${FILTER_STATUSES.deliveries.join(', ')}) since:10m, and any text`,
          value: filterText(filter.value),
          placeHolder: 'status:failed type:work_orders.updated',
        });
  if (line === undefined) return false;
  try {
    filter.set(parseRecordFilter('deliveries', parseFilterText(line), new Date()));
  } catch (error) {
    if (RecordFilterError.is(error)) throw new UserError('invalidArguments', error.message, { cause: error });
    throw error;
  }
  return true;
}
