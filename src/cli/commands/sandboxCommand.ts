import { type FaultPlan, parseFaultSpec } from '../../core/sandbox/faults';
import { Sandbox, type SandboxEvent } from '../../core/sandbox/sandbox';
import { SandboxError } from '../../core/sandbox/sandboxErrors';
import { SenderDispatcher } from '../../core/sandbox/sandboxSender';
import { isSchemeName } from '../../core/signing/schemes';
import { jsonLine, terminalSafe } from '../../core/text/terminalSafe';
import { type CliIo, ExitCode, UsageError } from '../cliCommand';
import { defineCommand } from '../defineCommand';
import { LISTEN_OPTIONS, readListenFlags, warnWhenExposed } from '../listenFlags';
import { booleanFlags, intOption, type ParsedOptions, stringFlags } from '../parseOptions';
import { untilSignal } from '../untilSignal';

const OPTIONS = {
  ...LISTEN_OPTIONS,
  ...stringFlags('webhook-url', 'secret', 'scheme', 'connections', 'seed', 'tick-ms', 'faults'),
  ...booleanFlags('json'),
} as const;

type Values = ParsedOptions<typeof OPTIONS>['values'];

/** What sends the sandbox's webhooks: none without `--webhook-url`. */
function dispatcherFrom(values: Values, io: CliIo): SenderDispatcher | undefined {
  const scheme = values.scheme ?? 'makini';
  if (!isSchemeName(scheme)) throw new UsageError(`--scheme takes makini or standard, got '${scheme}'.`);
  const secret = values.secret ?? io.env.MAKINI_WEBHOOK_SECRET;
  const url = values['webhook-url'];
  if (url !== undefined && !secret) {
    throw new UsageError('--webhook-url needs a signing secret: give --secret or set MAKINI_WEBHOOK_SECRET.');
  }
  return url === undefined || !secret ? undefined : new SenderDispatcher({ url, secret, scheme });
}

/** @throws UsageError when `--faults` is not a fault spec. */
function faultsFrom(spec: string | undefined): FaultPlan | undefined {
  try {
    return spec === undefined ? undefined : parseFaultSpec(spec);
  } catch (error) {
    if (error instanceof SandboxError) throw new UsageError(`--faults: ${error.message}`);
    throw error;
  }
}

/**
 * One output line per state change and per webhook delivery (answered requests are not shown),
 * without its newline. Names, types and errors are shown with their control characters escaped.
 */
function eventLine(event: SandboxEvent, json: boolean): string | undefined {
  if (event.type === 'request') return undefined;
  if (event.type === 'change') {
    const { kind, key, ...details } = event.change;
    const c = event.connection;
    if (json) return jsonLine({ event: 'change', kind, connection_id: key, ...details }).trimEnd();
    const state = `status ${c.status}, sync ${c.syncStatus}${c.online ? '' : ', offline'}`;
    return terminalSafe(`change    ${kind.padEnd(19)} ${c.name}: ${state}`);
  }
  const d = event.delivery;
  if (json) return jsonLine({ event: event.final ? 'delivery' : 'delivery_attempt', ...d }).trimEnd();
  const answer = d.responseStatus === undefined ? (d.error ?? '') : `HTTP ${d.responseStatus}`;
  return terminalSafe(
    `${event.final ? 'delivery ' : 'attempt  '} ${d.type.padEnd(26)} ${d.status} (attempt ${d.attempts}) ${answer}`,
  );
}

// The sandbox's demo credentials are printed on purpose: they open nothing but this emulator.

/** `{"event":"listening",...}` with the URL and the demo credentials. */
function listeningJson(sandbox: Sandbox, url: string): string {
  const { clientId, clientSecret } = sandbox.credentials;
  return `${JSON.stringify({ event: 'listening', url, client_id: clientId, client_secret: clientSecret })}\n`;
}

/** Where the sandbox listens, its demo credentials, and where its webhooks go. */
function listeningText(sandbox: Sandbox, url: string, values: Values): string {
  const { clientId, clientSecret } = sandbox.credentials;
  const webhookUrl = values['webhook-url'];
  return [
    `Makini sandbox listening on ${url}`,
    `  client_id: ${clientId}  client_secret: ${clientSecret}  (sandbox demo credentials)`,
    `  ${sandbox.state.connections().length} connections; control endpoints under ${url}_sandbox/`,
    webhookUrl
      ? `  webhooks to ${terminalSafe(webhookUrl)}, signed with the ${values.scheme ?? 'makini'} scheme`
      : '  no --webhook-url: webhooks are not sent',
    'Ctrl-C to stop.',
    '',
  ].join('\n');
}

export const sandboxCommand = defineCommand({
  name: 'sandbox',
  summary: 'Run a local Makini with demo connections, faults and signed webhooks',
  usage: [
    'makini-devtools sandbox [--port N] [--host H] [--webhook-url URL] [--secret S]',
    '    [--scheme makini|standard] [--connections N] [--seed N] [--tick-ms MS]',
    '    [--faults SPEC] [--json]',
    '',
    'SPEC is e.g. 500=0.1,429=0.05,latency=200 (shares of API requests; latency in ms;',
    'also hang=, expired=, malformed=, retry-after=). The webhook secret may also come from',
    'MAKINI_WEBHOOK_SECRET. Stop with Ctrl-C.',
  ],
  options: OPTIONS,
  async run({ values }, io) {
    const { port, host } = readListenFlags(values);
    const dispatcher = dispatcherFrom(values, io);
    const faults = faultsFrom(values.faults);
    const sandbox = new Sandbox({
      connections:
        values.connections === undefined
          ? undefined
          : intOption('connections', values.connections, 8, 1, 100_000),
      seed: intOption('seed', values.seed, Math.floor(Math.random() * 2 ** 31), 0, 2 ** 32 - 1),
      tickMs: intOption('tick-ms', values['tick-ms'], 0, 0, 86_400_000),
      faults,
      dispatcher,
    });
    const json = values.json === true;
    warnWhenExposed(io, host, 'can use this sandbox and its control endpoints');
    const stopped = untilSignal();
    try {
      const url = await sandbox.start({ port, host });
      io.stdout.write(json ? listeningJson(sandbox, url) : listeningText(sandbox, url, values));
      sandbox.onEvent((event) => {
        const line = eventLine(event, json);
        if (line !== undefined) io.stdout.write(`${line}\n`);
      });
      await stopped;
      return ExitCode.ok;
    } finally {
      await sandbox.stop();
    }
  },
});
