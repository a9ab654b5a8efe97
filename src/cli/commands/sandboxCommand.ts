import { type FaultPlan, parseFaultSpec } from '../../core/sandbox/faults';
import { type LifeRates, parseLifeSpec } from '../../core/sandbox/lifeRates';
import { Sandbox, type SandboxEvent } from '../../core/sandbox/sandbox';
import { SandboxError } from '../../core/sandbox/sandboxErrors';
import { SenderDispatcher } from '../../core/sandbox/sandboxSender';
import { FIRST_RETRY_MS, type SignatureEncoding } from '../../core/contract/makiniContract';
import { DEFAULT_RECORDS, MAX_RECORDS } from '../../core/sandbox/openapi/sandboxData';
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
    'retry-base-ms',
    'connections',
    'seed',
    'tick-ms',
    'life',
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
  /** The first retry's wait, doubling after (Makini's 30 s unless `--retry-base-ms`). */
  readonly retryBaseMs: number;
  readonly secretFromFlag: boolean;
}

/** With `--life` and no `--tick-ms`, a step every second. */
const LIFE_TICK_MS = 1000;

/**
 * `--webhook-url`, how its webhooks are signed and how soon they are retried.
 * @throws UsageError for a URL that is not http(s), no secret, a secret the scheme cannot use, a
 * retry base out of range, or `--secret`/`--scheme`/`--encoding`/`--retry-base-ms` without
 * `--webhook-url` (they would do nothing).
 */
function webhookPlan(values: Values, env: NodeJS.ProcessEnv): WebhookPlan | undefined {
  const url = values['webhook-url'];
  if (url === undefined) {
    if (values.secret !== undefined || values.scheme !== undefined || values.encoding !== undefined)
      throw new UsageError(
        '--secret, --scheme and --encoding sign the webhooks: give --webhook-url URL too.',
      );
    if (values['retry-base-ms'] !== undefined)
      throw new UsageError("--retry-base-ms times the webhooks' retries: give --webhook-url URL too.");
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
    retryBaseMs: intOption('retry-base-ms', values['retry-base-ms'], FIRST_RETRY_MS, 0, 3_600_000),
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

/** @throws UsageError when `--life` is not a preset or a life spec. */
function lifeFrom(spec: string | undefined): LifeRates | undefined {
  try {
    return spec === undefined ? undefined : parseLifeSpec(spec);
  } catch (error) {
    if (error instanceof SandboxError) throw new UsageError(`--life: ${error.message}`);
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
function listeningText(
  sandbox: Sandbox,
  url: string,
  webhooks: WebhookPlan | undefined,
  life: { readonly spec: string | undefined; readonly tickMs: number },
): string {
  const { clientId, clientSecret } = sandbox.credentials;
  return [
    `Makini sandbox listening on ${url}`,
    `  client_id: ${clientId}  client_secret: ${clientSecret}  (sandbox demo credentials)`,
    `  ${sandbox.state.connections().length} connections; control endpoints under ${url}_sandbox/`,
    webhooks
      ? `  webhooks to ${terminalSafe(webhooks.url)}, signed with the ${webhooks.scheme} scheme`
      : '  no --webhook-url: webhooks are not sent',
    life.tickMs > 0
      ? `  life ${terminalSafe(life.spec ?? 'calm')}: a step every ${life.tickMs} ms`
      : '  still: no life steps (--life or --tick-ms to start them)',
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
    life: lifeFrom(values.life),
    lifeSpec: values.life,
    tickMs: intOption(
      'tick-ms',
      values['tick-ms'],
      values.life === undefined ? 0 : LIFE_TICK_MS,
      0,
      86_400_000,
    ),
    records: intOption('records', values.records, DEFAULT_RECORDS, 1, MAX_RECORDS),
    json: values.json === true,
  };
}

export const sandboxCommand = defineCommand({
  name: 'sandbox',
  summary: 'Run a local Makini with demo connections, faults and signed webhooks',
  usage: [
    'makini-devtools sandbox [--port N] [--host H] [--webhook-url URL] [--secret S]',
    '    [--scheme makini|standard] [--encoding base64|hex] [--retry-base-ms MS] [--connections N]',
    '    [--seed N] [--tick-ms MS] [--life calm|busy|chaos|SPEC] [--faults SPEC] [--records N] [--json]',
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
    'retry-base-ms': [
      'MS',
      "wait before a failed webhook's first retry, doubling; smaller compresses the window (default: 30000)",
    ],
    'tick-ms': [
      'MS',
      'take a life step every MS: one connection changes, as real ones do (default: 0, never; 1000 with --life)',
    ],
    life: [
      'calm|busy|chaos|SPEC',
      'how often a life step brings trouble, e.g. busy or busy,offline=0.1 (default: calm)',
    ],
    records: [
      'N',
      `records per larger EAM collection per connection, made when asked for (default: ${DEFAULT_RECORDS})`,
    ],
    faults: ['SPEC', 'fail a share of API requests, e.g. 500=0.1,429=0.05,latency=200 (default: none)'],
    json: ['', 'one JSON object per line: listening, then each change and delivery (default: text)'],
  },
  notes: [
    '--faults SPEC takes shares of API requests (500=, 429=, hang=, expired=, malformed=, retry-after=)',
    'and latency= in ms. --life SPEC changes a preset (the first part, else calm) with shares of',
    'life steps: offline=, auth=, inactive=, system-error=, entity=, sync-error=, recover=.',
    'Stop with Ctrl-C.',
  ],
  prepare: ({ values }, env) => prepareSandbox(values, env),
  async run(plan, io) {
    const { port, host, webhooks, json } = plan;
    warnOfSecretFlag(io, webhooks?.secretFromFlag === true);
    const dispatcher =
      webhooks && new SenderDispatcher({ ...webhooks, retry: { baseDelayMs: webhooks.retryBaseMs } });
    const sandbox = new Sandbox({
      connections: plan.connections,
      seed: plan.seed,
      records: plan.records,
      tickMs: plan.tickMs,
      ...(plan.life ? { life: plan.life } : {}),
      faults: plan.faults,
      dispatcher,
    });
    warnWhenExposed(io, host, 'can use this sandbox and its control endpoints');
    const stopped = untilSignal();
    try {
      const url = await sandbox.start({ port, host });
      io.stdout.write(
        json
          ? listeningJson(sandbox, url)
          : listeningText(sandbox, url, webhooks, { spec: plan.lifeSpec, tickMs: plan.tickMs }),
      );
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
