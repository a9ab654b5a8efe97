import { type FaultPlan, parseFaultSpec } from '../../core/sandbox/faults';
import { Sandbox, type SandboxEvent } from '../../core/sandbox/sandbox';
import { SandboxError } from '../../core/sandbox/sandboxErrors';
import { SenderDispatcher } from '../../core/sandbox/sandboxSender';
import { DEFAULT_RECORDS, MAX_RECORDS } from '../../core/sandbox/openapi/sandboxData';
import type { SignatureEncoding } from '../../core/contract/makiniContract';
import type { SchemeName } from '../../core/signing/schemes';
import { jsonLine, terminalSafe } from '../../core/text/terminalSafe';
import { ExitCode, UsageError } from '../cliCommand';
import { defineCommand } from '../defineCommand';
import { LISTEN_FLAG_HELP, LISTEN_OPTIONS, readListenFlags, warnWhenExposed } from '../listenFlags';
import { httpUrlFlag, readSigningFlags, SIGNING_FLAG_HELP, warnOfSecretFlag } from '../signingFlags';
import { booleanFlags, intOption, type ParsedOptions, stringFlags } from '../parseOptions';
import { untilSignal } from '../untilSignal';

const OPTIONS = {
  ...LISTEN_OPTIONS,
  ...stringFlags(
    'webhook-url',
    'secret',
    'scheme',
    'encoding',
    'connections',
    'seed',
    'tick-ms',
    'faults',
    'records',
  ),
  ...booleanFlags('json'),
} as const;

type Values = ParsedOptions<typeof OPTIONS>['values'];

/** Where the sandbox sends its webhooks: none without `--webhook-url`. */
interface WebhookPlan {
  readonly url: string;
  readonly secret: string;
  readonly scheme: SchemeName;
  readonly encoding?: SignatureEncoding;
  readonly secretFromFlag: boolean;
}

/**
 * `--webhook-url` and how its webhooks are signed.
 * @throws UsageError for a URL that is not http(s), no secret, a secret the scheme cannot use, or
 * `--secret`/`--scheme` without `--webhook-url` (they would do nothing).
 */
function webhookPlan(values: Values, env: NodeJS.ProcessEnv): WebhookPlan | undefined {
  const url = values['webhook-url'];
  if (url === undefined) {
    if (values.secret !== undefined || values.scheme !== undefined || values.encoding !== undefined)
      throw new UsageError(
        '--secret, --scheme and --encoding sign the webhooks: give --webhook-url URL too.',
      );
    return undefined;
  }
  httpUrlFlag('webhook-url', url);
  const signing = readSigningFlags(
    {
      scheme: values.scheme,
      encoding: values.encoding,
      ...(values.secret === undefined ? {} : { secret: [values.secret] }),
    },
    env,
    true,
  );
  const secret = signing.secrets[0] ?? '';
  return {
    url,
    secret,
    scheme: signing.scheme,
    ...(signing.encoding === undefined ? {} : { encoding: signing.encoding }),
    secretFromFlag: signing.secretFromFlag,
  };
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
function listeningText(sandbox: Sandbox, url: string, webhooks: WebhookPlan | undefined): string {
  const { clientId, clientSecret } = sandbox.credentials;
  return [
    `Makini sandbox listening on ${url}`,
    `  client_id: ${clientId}  client_secret: ${clientSecret}  (sandbox demo credentials)`,
    `  ${sandbox.state.connections().length} connections; control endpoints under ${url}_sandbox/`,
    webhooks
      ? `  webhooks to ${terminalSafe(webhooks.url)}, signed with the ${webhooks.scheme} scheme`
      : '  no --webhook-url: webhooks are not sent',
    'Ctrl-C to stop.',
    '',
  ].join('\n');
}

/** Every flag read and checked, before the sandbox starts. */
function prepareSandbox(values: Values, env: NodeJS.ProcessEnv) {
  return {
    ...readListenFlags(values),
    webhooks: webhookPlan(values, env),
    faults: faultsFrom(values.faults),
    connections:
      values.connections === undefined
        ? undefined
        : intOption('connections', values.connections, 8, 1, 100_000),
    seed: intOption('seed', values.seed, Math.floor(Math.random() * 2 ** 31), 0, 2 ** 32 - 1),
    records: intOption('records', values.records, DEFAULT_RECORDS, 1, MAX_RECORDS),
    tickMs: intOption('tick-ms', values['tick-ms'], 0, 0, 86_400_000),
    json: values.json === true,
  };
}

export const sandboxCommand = defineCommand({
  name: 'sandbox',
  summary: 'Run a local Makini with demo connections, faults and signed webhooks',
  usage: [
    'makini-devtools sandbox [--port N] [--host H] [--webhook-url URL] [--secret S]',
    '    [--scheme makini|standard] [--encoding base64|hex] [--connections N] [--seed N] [--tick-ms MS]',
    '    [--faults SPEC] [--records N] [--json]',
  ],
  options: OPTIONS,
  flags: {
    ...LISTEN_FLAG_HELP,
    'webhook-url': ['URL', 'send signed webhooks of every change there, e.g. to listen (default: none sent)'],
    secret: [
      'S',
      "the webhooks' signing secret (default: MAKINI_WEBHOOK_SECRET; the flag wins, and warns: it ends up in shell history)",
    ],
    scheme: ['makini|standard', 'signature scheme of the webhooks (default: makini)'],
    encoding: SIGNING_FLAG_HELP.encoding,
    connections: ['N', 'generate N connections instead (default: the 8 demo ones)'],
    seed: ['N', 'make the demo data and its changes reproducible (default: random)'],
    records: [
      'N',
      `records per larger EAM collection per connection, made when asked for (default: ${DEFAULT_RECORDS})`,
    ],
    'tick-ms': ['MS', 'change a connection every MS, as real ones change (default: 0, never)'],
    faults: ['SPEC', 'fail a share of API requests, e.g. 500=0.1,429=0.05,latency=200 (default: none)'],
    json: ['', 'one JSON object per line: listening, then each change and delivery (default: text)'],
  },
  notes: [
    'SPEC takes shares of API requests (500=, 429=, hang=, expired=, malformed=, retry-after=)',
    'and latency= in ms. Stop with Ctrl-C.',
  ],
  prepare: ({ values }, env) => prepareSandbox(values, env),
  async run(plan, io) {
    const { port, host, webhooks, json } = plan;
    warnOfSecretFlag(io, webhooks?.secretFromFlag === true);
    const dispatcher = webhooks && new SenderDispatcher(webhooks);
    const sandbox = new Sandbox({
      connections: plan.connections,
      seed: plan.seed,
      records: plan.records,
      tickMs: plan.tickMs,
      faults: plan.faults,
      dispatcher,
    });
    warnWhenExposed(io, host, 'can use this sandbox and its control endpoints');
    const stopped = untilSignal();
    try {
      const url = await sandbox.start({ port, host });
      io.stdout.write(json ? listeningJson(sandbox, url) : listeningText(sandbox, url, webhooks));
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
