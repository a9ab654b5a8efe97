import { isLoopbackUrl } from '../../core/net/loopback';
import { MakiniClient } from '../../core/api/makiniClient';
import { formatSupportReport, supportReport } from '../../core/api/supportReport';
import { type ConnectionHealth, type HealthChange, HealthMonitor } from '../../core/health/healthMonitor';
import { Sandbox, SANDBOX_CREDENTIALS } from '../../core/sandbox/sandbox';
import { type CliIo, ExitCode, UsageError } from '../cliCommand';
import { defineCommand } from '../defineCommand';
import { booleanFlags, intOption, stringFlags } from '../parseOptions';
import { jsonLine, terminalLines, terminalSafe } from '../../core/text/terminalSafe';
import { untilSignal } from '../untilSignal';

const OPTIONS = { ...stringFlags('api-url', 'interval-ms'), ...booleanFlags('watch', 'json') } as const;

const isLocalApiUrl = (url: string): boolean => {
  try {
    new URL(url);
  } catch {
    throw new UsageError(`--api-url takes a full URL such as https://api.makini.io, got '${url}'.`);
  }
  return isLoopbackUrl(url);
};

interface Target {
  readonly baseUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly sandbox?: Sandbox;
}

/** Real credentials from the environment, the sandbox's for a local URL, or an in-process sandbox. */
async function target(apiUrl: string | undefined, io: CliIo): Promise<Target> {
  const clientId = io.env.MAKINI_CLIENT_ID;
  const clientSecret = io.env.MAKINI_CLIENT_SECRET;
  if (clientId && clientSecret) return { baseUrl: apiUrl ?? 'https://api.makini.io', clientId, clientSecret };
  if (clientId || clientSecret) {
    throw new UsageError(
      'Set both MAKINI_CLIENT_ID and MAKINI_CLIENT_SECRET (Makini dashboard > Settings > Application Settings).',
    );
  }
  if (apiUrl !== undefined) {
    if (!isLocalApiUrl(apiUrl)) {
      throw new UsageError(`${apiUrl} needs MAKINI_CLIENT_ID and MAKINI_CLIENT_SECRET in the environment.`);
    }
    return { baseUrl: apiUrl, ...SANDBOX_CREDENTIALS };
  }
  const sandbox = new Sandbox();
  const baseUrl = await sandbox.start();
  io.stderr.write(`No MAKINI_CLIENT_ID/MAKINI_CLIENT_SECRET set: showing a built-in sandbox at ${baseUrl}\n`);
  return { baseUrl, ...SANDBOX_CREDENTIALS, sandbox };
}

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
        h.syncStatus ?? '-',
        h.level,
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

/** A health transition under `--watch`: `{"event":"health",...}`, or a line with its time. */
function changeLine(change: HealthChange, json: boolean): string {
  const h = change.current;
  if (json) {
    const { key, previous } = change;
    return jsonLine({
      event: 'health',
      key,
      name: h.connection.name,
      previous,
      health: h.level,
      reason: h.reason,
    });
  }
  const what = `${terminalSafe(h.connection.name)}: ${change.previous} -> ${h.level} (${terminalSafe(h.reason)})`;
  return `${new Date(h.since).toISOString()}  ${what}\n`;
}

export const connectionsCommand = defineCommand({
  name: 'connections',
  summary: "List Makini connections with each one's health",
  usage: [
    'makini-devtools connections [--api-url URL] [--watch] [--interval-ms MS] [--json]',
    '',
    'Credentials come from MAKINI_CLIENT_ID and MAKINI_CLIENT_SECRET. Without them, a local',
    '--api-url is read with the sandbox demo credentials, and no --api-url shows a built-in sandbox.',
    '--watch keeps polling (every 60 s by default) and prints each health transition.',
  ],
  options: OPTIONS,
  async run({ values }, io) {
    const intervalMs = intOption('interval-ms', values['interval-ms'], 60_000, 100, 86_400_000);
    const json = values.json === true;
    const where = await target(values['api-url'], io);
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
        if (values.watch) io.stderr.write(`${terminalLines(formatSupportReport(supportReport(error)))}\n`);
      },
    });
    try {
      if (!values.watch) {
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
      monitor.onChange((change) => io.stdout.write(changeLine(change, json)));
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
