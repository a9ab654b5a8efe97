import * as fs from 'node:fs';
import type { LogKindName } from '../../core/logStore/logKind';
import { readLogRecords } from '../../core/logStore/readOnlyLog';
import {
  deliveryFilterStatus,
  FILTER_STATUSES,
  matchesDelivery,
  matchesReceipt,
  parseRecordFilter,
  receiptFilterStatus,
  type RecordFilter,
  RecordFilterError,
} from '../../core/logStore/recordFilter';
import { type ReceiptRecord, receiptKind } from '../../core/receiver/receiptRecord';
import { deliveryKind } from '../../core/sender/deliveryKind';
import type { DeliveryRecord } from '../../core/sender/deliveryRecord';
import { countOf } from '../../core/text/plural';
import { jsonLine, terminalSafe } from '../../core/text/terminalSafe';
import { ExitCode, UsageError } from '../cliCommand';
import { defineCommand } from '../defineCommand';
import { editorLogDir } from '../editorLogDir';
import { booleanFlags, intOption, type ParsedOptions, stringFlags } from '../parseOptions';
import { LOG_DIR_HINT } from '../recordLookup';

const OPTIONS = {
  ...stringFlags('type', 'connection', 'status', 'since', 'text', 'limit', 'log-dir'),
  ...booleanFlags('json'),
} as const;

const KINDS: readonly LogKindName[] = ['deliveries', 'receipts'];

/** One record as a line of the table: time, id, type, connection, status, HTTP status, where. */
interface Row {
  readonly time: string;
  readonly id: string;
  readonly type: string;
  readonly connection: string;
  readonly status: string;
  readonly http: string;
  readonly where: string;
}

function deliveryRow(d: DeliveryRecord): Row {
  const answer = d.attempts.at(-1)?.response?.status;
  return {
    time: d.createdAt,
    id: d.id,
    type: d.eventType,
    connection: d.connectionId ?? '-',
    status: deliveryFilterStatus(d),
    http: answer === undefined ? '-' : String(answer),
    where: d.url,
  };
}

function receiptRow(r: ReceiptRecord): Row {
  return {
    time: r.time,
    id: r.id,
    type: r.eventType ?? '-',
    connection: r.connectionId ?? '-',
    status: receiptFilterStatus(r),
    http: String(r.status),
    where: r.path,
  };
}

interface Listing {
  readonly records: readonly (DeliveryRecord | ReceiptRecord)[];
  readonly rows: readonly Row[];
  /** How many match, before --limit. */
  readonly matching: number;
  readonly kept: number;
}

/** The connections the log's records name, for the message about one it has none of. */
function connectionsIn(records: readonly { readonly connectionId?: string }[]): string[] {
  return [...new Set(records.map((r) => r.connectionId).filter((c) => c !== undefined))].sort();
}

/**
 * The newest `limit` of `all` that pass `matches`, read from the log without writing to it.
 * @throws UsageError when the filter names a connection none of the records has (listing those they have).
 */
function select<T extends { readonly connectionId?: string }>(
  all: readonly T[],
  kind: LogKindName,
  dir: string,
  filter: RecordFilter,
  matches: (record: T) => boolean,
  limit: number,
): { records: T[]; matching: number } {
  const connection = filter.connection;
  if (connection !== undefined && all.length > 0 && !all.some((r) => r.connectionId === connection)) {
    const known = connectionsIn(all);
    throw new UsageError(
      `no ${kind} in ${dir} are for connection '${connection}'. ` +
        (known.length > 0
          ? `The connections there: ${known.join(', ')}.`
          : 'None of them names a connection.'),
    );
  }
  const matching = all.filter(matches);
  return { records: matching.slice(0, limit), matching: matching.length };
}

/**
 * The newest `limit` records of `kind` in `dir` that pass `filter`.
 * @throws UsageError when the folder is missing or the filter names an unknown connection.
 */
function readListing(
  kind: LogKindName,
  dir: string,
  filter: RecordFilter,
  limit: number,
  warn: (m: string) => void,
): Listing {
  if (!fs.existsSync(dir)) throw new UsageError(`there is no folder ${dir} (--log-dir). ${LOG_DIR_HINT}`);
  if (kind === 'deliveries') {
    const all = readLogRecords(dir, deliveryKind, warn);
    const { records, matching } = select(all, kind, dir, filter, (d) => matchesDelivery(d, filter), limit);
    return { records, rows: records.map(deliveryRow), matching, kept: all.length };
  }
  const all = readLogRecords(dir, receiptKind, warn);
  const { records, matching } = select(all, kind, dir, filter, (r) => matchesReceipt(r, filter), limit);
  return { records, rows: records.map(receiptRow), matching, kept: all.length };
}

/** Every flag checked and the log read, so a wrong filter is found before any output. */
function prepareLog({ values, positionals }: ParsedOptions<typeof OPTIONS>, env: NodeJS.ProcessEnv) {
  const kind = KINDS.find((k) => k === positionals[0]);
  if (kind === undefined)
    throw new UsageError(
      positionals[0] === undefined
        ? 'say which log to show: deliveries or receipts.'
        : `'${positionals[0]}' is not a log: give deliveries or receipts.`,
    );
  const filter = parseRecordFilter(kind, values, new Date());
  const limit = intOption('limit', values.limit, 50, 1);
  if (values['log-dir'] === '') throw new UsageError('--log-dir takes a folder.');
  const dir = values['log-dir'] ?? editorLogDir(env);
  const warnings: string[] = [];
  const listing = readListing(kind, dir, filter, limit, (m) => warnings.push(m));
  return { kind, dir, listing, warnings, json: values.json === true };
}

export const logCommand = defineCommand({
  name: 'log',
  summary: 'List logged deliveries or receipts, newest first, filtered by type, connection, status or time',
  usage: [
    'makini-devtools log deliveries|receipts [--type T] [--connection K] [--status S] [--since 10m]',
    '    [--text WORDS] [--limit N] [--log-dir DIR] [--json]',
  ],
  options: OPTIONS,
  flags: {
    type: [
      'T',
      'only this event type; singular names (work_order.updated) are read as documented (default: all)',
    ],
    connection: ['K', 'only webhooks for this connection id (default: all)'],
    status: [
      'S',
      `deliveries: ${FILTER_STATUSES.deliveries.join(', ')}; receipts: ${FILTER_STATUSES.receipts.join(', ')} (default: all)`,
    ],
    since: ['AGE|TIME', 'only records made since then: 30s, 10m, 2h, 1d, or an ISO date (default: all)'],
    text: [
      'WORDS',
      'only records with this text in an id, the type, the URL or path, or a body, any case (default: all)',
    ],
    limit: ['N', 'show at most N records, the newest (default: 50)'],
    'log-dir': [
      'DIR',
      "the folder listen --log-dir or trigger --log-dir wrote (default: the editor's log, ~/.config/Code/User/globalStorage/makini-devtools.makini-devtools/logs on Linux)",
    ],
    json: ['', 'each record as kept, one JSON object per line, newest first (default: a table)'],
  },
  notes: [
    'Exit status: 0 when the log was read (even with nothing matching), 2 for wrong usage or an unknown filter value.',
  ],
  positionals: 1,
  usageErrors: [RecordFilterError],
  prepare: prepareLog,
  run({ kind, dir, listing, warnings, json }, io) {
    for (const w of warnings) io.stderr.write(`warning: ${terminalSafe(w)}\n`);
    if (json) {
      for (const record of listing.records) io.stdout.write(jsonLine(record));
      return ExitCode.ok;
    }
    const columns = ['time', 'id', 'type', 'connection', 'status', 'http', 'where'] as const;
    const cells = listing.rows.map((row) => columns.map((c) => terminalSafe(row[c])));
    const widths = columns.map((_, i) => Math.max(...cells.map((line) => line[i]?.length ?? 0)));
    for (const line of cells)
      io.stdout.write(
        `${line
          .map((cell, i) => cell.padEnd(widths[i] ?? 0))
          .join('  ')
          .trimEnd()}\n`,
      );
    const noun = kind === 'deliveries' ? ['delivery', 'deliveries'] : ['receipt', 'receipts'];
    const shown = listing.rows.length < listing.matching ? `the newest ${listing.rows.length} of ` : '';
    io.stdout.write(
      `${shown}${countOf(listing.matching, noun[0] ?? '', noun[1])} matching, of ${listing.kept} in ${terminalSafe(dir)}\n`,
    );
    return ExitCode.ok;
  },
});
