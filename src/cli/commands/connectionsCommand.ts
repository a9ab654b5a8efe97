import { DEFAULT_BASE_URL, MakiniClient } from '../../core/api/makiniClient';
import { formatSupportReport, supportReport } from '../../core/api/supportReport';
import { type ConnectionHealth, type HealthChange, HealthMonitor } from '../../core/health/healthMonitor';
import { apiSourceFrom, apiTarget } from '../apiTarget';
import { type CliIo, ExitCode } from '../cliCommand';
import { defineCommand } from '../defineCommand';
import { booleanFlags, intOption, stringFlags } from '../parseOptions';
import { HEALTH_WORDS } from '../../core/health/healthWords';
import { syncStatusWords } from '../../core/health/syncStatusWords';
import { jsonLine, terminalLines, terminalSafe } from '../../core/text/terminalSafe';
import { untilSignal } from '../untilSignal';

const OPTIONS = { ...stringFlags('api-url', 'interval-ms'), ...booleanFlags('watch', 'json') } as const;

const DEFAULT_API_URL = DEFAULT_BASE_URL;

function healthJson(h: ConnectionHealth): string {
  const c = h.connection;
  return jsonLine({
    key: c.key,
    name: c.name,
    provider: c.integrationName ?? null,
    status: c.status,
    sync_status: h.syncStatus ?? null,
    health: h.level,
    reason: h.reason,
  });
}

/** The connections as a table; every cell is API data, shown with its control characters escaped. */
function table(rows: readonly ConnectionHealth[]): string {
  const cells = [
    ['KEY', 'NAME', 'PROVIDER', 'STATUS', 'SYNC', 'HEALTH'],
    ...rows.map((h) =>
      [
        h.connection.key,
        h.connection.name,
        h.connection.integrationName ?? '-',
        h.connection.status,
        h.syncStatus === undefined ? '-' : syncStatusWords(h.syncStatus),
        HEALTH_WORDS[h.level],
      ].map(terminalSafe),
    ),
  ];
  const widths = cells[0]?.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length))) ?? [];
  return (
    cells
      .map((r) =>
        r
          .map((cell, i) => cell.padEnd(widths[i] ?? 0))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

/**
 * A connection's health under `--watch`: `{"event":"health",...}`, or a line with its time. The
 * first line for a connection is its state (`previous` null), each later one a transition.
 */
function changeLine(change: HealthChange, first: boolean, json: boolean): string {
  const h = change.current;
  if (json) {
    return jsonLine({
      event: 'health',
      key: change.key,
      name: h.connection.name,
      previous: first ? null : change.previous,
      health: h.level,
      reason: h.reason,
    });
  }
  const level = first
    ? HEALTH_WORDS[h.level]
    : `${HEALTH_WORDS[change.previous]} -> ${HEALTH_WORDS[h.level]}`;
  const what = `${terminalSafe(h.connection.name)}: ${level} (${terminalSafe(h.reason)})`;
  return `${new Date(h.since).toISOString()}  ${what}\n`;
}

/**
 * Prints each connection's state once, then its transitions. The monitor announces a
 * connection's first judgement as a change from `unknown`; a first judgement of `unknown` is no
 * transition, and must not read as "unknown -> unknown".
 */
function watchLines(io: CliIo, json: boolean): (change: HealthChange) => void {
  const seen = new Set<string>();
  return (change) => {
    const first = !seen.has(change.key);
    seen.add(change.key);
    if (!first && change.previous === change.current.level) return;
    io.stdout.write(changeLine(change, first, json));
  };
}

export const connectionsCommand = defineCommand({
  name: 'connections',
  summary: "List Makini connections with each one's health",
  usage: ['makini-devtools connections [--api-url URL] [--watch] [--interval-ms MS] [--json]'],
  options: OPTIONS,
  flags: {
    'api-url': [
      'URL',
      `the Makini API (default: ${DEFAULT_API_URL} with credentials, else a built-in sandbox)`,
    ],
    watch: [
      '',
      "keep polling and print each connection's state, then each health transition (default: list once)",
    ],
    'interval-ms': ['MS', 'time between polls with --watch (default: 60000)'],
    json: ['', 'one JSON object per line; health as its code, e.g. auth_required (default: a table)'],
  },
  notes: [
    'Credentials come from MAKINI_CLIENT_ID and MAKINI_CLIENT_SECRET (never from flags). Without',
    'them, a local --api-url is read with the sandbox demo credentials, and no --api-url shows a',
    'built-in sandbox.',
  ],
  prepare: ({ values }, env) => ({
    intervalMs: intOption('interval-ms', values['interval-ms'], 60_000, 100, 86_400_000),
    json: values.json === true,
    watch: values.watch === true,
    source: apiSourceFrom(values['api-url'], env),
  }),
  async run({ intervalMs, json, watch, source }, io) {
    const where = await apiTarget(source, io);
    const client = new MakiniClient({
      baseUrl: where.baseUrl,
      clientId: where.clientId,
      clientSecret: where.clientSecret,
    });
    let failure: unknown;
    const monitor = new HealthMonitor(client, {
      intervalMs,
      concurrency: 8,
      onPollError: (error) => {
        failure = error;
        if (watch) io.stderr.write(`${terminalLines(formatSupportReport(supportReport(error)))}\n`);
      },
    });
    try {
      if (!watch) {
        await monitor.pollOnce();
        if (failure !== undefined) {
          io.stderr.write(
            `makini-devtools connections: could not list connections.\n${terminalLines(formatSupportReport(supportReport(failure)))}\n`,
          );
          return ExitCode.failed;
        }
        const rows = monitor.snapshot();
        io.stdout.write(json ? rows.map(healthJson).join('') : table(rows));
        return ExitCode.ok;
      }
      monitor.onChange(watchLines(io, json));
      const stopped = untilSignal();
      monitor.start();
      await stopped;
      return ExitCode.ok;
    } finally {
      await monitor.stop();
      client.dispose();
      await where.sandbox?.stop();
    }
  },
});
