import { isLoopbackUrl } from '../../core/net/loopback';
import { LogStore } from '../../core/logStore/logStore';
import { formatReceiptFix, formatReceiptJson, formatReceiptLine } from '../../core/receiver/receiptLine';
import { type ReceiptRecord, receiptKind } from '../../core/receiver/receiptRecord';
import {
  checkSettings,
  ReceiverSettingsError,
  type ReceiverSettings,
} from '../../core/receiver/receiverSettings';
import { DEFAULT_RECEIVER_PATH } from '../../core/receiver/receiverDefaults';
import { ReceiverServer } from '../../core/receiver/receiverServer';
import { jsonLine, terminalLines, terminalSafe, terminalSafeJson } from '../../core/text/terminalSafe';
import { countOf } from '../../core/text/plural';
import { ExitCode, UsageError } from '../cliCommand';
import { defineCommand } from '../defineCommand';
import { LISTEN_FLAG_HELP, LISTEN_OPTIONS, readListenFlags, warnWhenExposed } from '../listenFlags';
import { booleanFlags, intOption, type ParsedOptions, stringFlags } from '../parseOptions';
import {
  lookUpPublicUrl,
  PUBLIC_URL_FLAG_HELP,
  PUBLIC_URL_OPTIONS,
  readPublicUrlFlags,
  showPublicUrl,
} from '../publicUrlFlags';
import {
  readSigningFlags,
  readToleranceFlag,
  VERIFYING_FLAG_HELP,
  VERIFYING_OPTIONS,
  warnOfSecretFlag,
} from '../signingFlags';
import { untilSignal } from '../untilSignal';

const OPTIONS = {
  ...LISTEN_OPTIONS,
  ...VERIFYING_OPTIONS,
  ...PUBLIC_URL_OPTIONS,
  ...stringFlags('path', 'tolerance', 'forward-to', 'log-dir'),
  // How it answers: the failure simulation and the body limit.
  ...stringFlags('respond', 'fail-first', 'respond-delay-ms', 'max-body'),
  ...booleanFlags('fsync', 'json'),
} as const;

type Values = ParsedOptions<typeof OPTIONS>['values'];

/**
 * `--path`: the one path webhooks are taken on, the editor's by default.
 * @throws UsageError when it does not start with `/` or holds characters a URL path cannot.
 */
function pathFlag(value: string | undefined): string {
  if (value === undefined) return DEFAULT_RECEIVER_PATH;
  if (!/^\/[\w\-./~%]*$/.test(value))
    throw new UsageError(`--path takes a URL path starting with /, e.g. /webhooks, got '${value}'.`);
  return value;
}

/** The receiver's settings from the flags (and the secret from the environment). */
function settingsFrom(values: Values, env: NodeJS.ProcessEnv): ReceiverSettings {
  const { scheme, secrets, signatureHeader } = readSigningFlags(values, env, false);
  const respond =
    values.respond === undefined ? undefined : intOption('respond', values.respond, 200, 100, 599);
  return {
    secrets,
    scheme,
    signatureHeader,
    toleranceSeconds: readToleranceFlag('tolerance', values.tolerance, scheme, {
      min: 0,
      max: Number.MAX_SAFE_INTEGER,
    }),
    simulation: {
      respondStatus: respond,
      failFirst: intOption('fail-first', values['fail-first'], 0, 0, 1000),
      delayMs: intOption('respond-delay-ms', values['respond-delay-ms'], 0, 0, 600_000),
    },
    forwardTo: values['forward-to'],
    maxBodyBytes: intOption('max-body', values['max-body'], 1024 * 1024, 1, 1024 * 1024 * 1024),
  };
}

/** The log the receiver writes each webhook to before answering, with `--log-dir`. */
function openStore(
  logDir: string | undefined,
  fsync: boolean,
  warn: (message: string) => void,
): LogStore<ReceiptRecord> | undefined {
  return logDir === undefined
    ? undefined
    : LogStore.open({ dir: logDir, kind: receiptKind, fsync, onWarning: warn });
}

/** Every flag read and checked, before the receiver or its log is opened. */
function prepareListen(values: Values, env: NodeJS.ProcessEnv) {
  const settings = settingsFrom(values, env);
  checkSettings(settings);
  const fsync = values.fsync === true;
  if (fsync && values['log-dir'] === undefined)
    throw new UsageError('--fsync applies to the log: give --log-dir DIR too.');
  if (values['log-dir'] === '') throw new UsageError('--log-dir takes a folder.');
  return {
    settings,
    ...readListenFlags(values),
    path: pathFlag(values.path),
    publicUrl: readPublicUrlFlags(values),
    logDir: values['log-dir'],
    fsync,
    json: values.json === true,
    secretFromFlag: values.secret !== undefined,
  };
}

export const listenCommand = defineCommand({
  name: 'listen',
  summary: 'Run a local webhook receiver that verifies, checks and logs every request',
  usage: [
    'makini-devtools listen [--port N] [--host H] [--path P] [--secret S]...',
    '    [--scheme makini|standard] [--signature-header NAME] [--tolerance SEC (standard only)]',
    '    [--forward-to URL] [--respond CODE] [--fail-first N] [--respond-delay-ms MS]',
    '    [--max-body BYTES] [--log-dir DIR [--fsync]] [--ngrok-api URL | --public-url URL] [--json]',
  ],
  options: OPTIONS,
  flags: {
    ...LISTEN_FLAG_HELP,
    path: [
      'P',
      `the one path webhooks are taken on; others answer 404 (default: ${DEFAULT_RECEIVER_PATH}, as the editor)`,
    ],
    ...VERIFYING_FLAG_HELP,
    tolerance: ['SEC', 'how old a signed timestamp may be, standard scheme only (default: 300)'],
    'forward-to': ['URL', "relay every webhook to your app and answer with its answer (default: don't)"],
    respond: ['CODE', 'answer every webhook with this status (default: 200, or 4xx for a bad request)'],
    'fail-first': ['N', 'answer the first N webhooks 500, to see retries (default: 0)'],
    'respond-delay-ms': ['MS', 'wait this long before each answer (default: 0)'],
    'max-body': ['BYTES', 'largest body taken; larger ones answer 413 (default: 1048576)'],
    'log-dir': ['DIR', 'write each webhook there before answering it, for replay (default: not logged)'],
    fsync: ['', 'also flush each write to the disk, against power loss; slower (default: off)'],
    ...PUBLIC_URL_FLAG_HELP,
    json: ['', 'one JSON object per line: listening, then each request (default: text)'],
  },
  notes: [
    'Without a secret (flag or MAKINI_WEBHOOK_SECRET) webhooks are taken unverified. Stop with Ctrl-C.',
  ],
  usageErrors: [ReceiverSettingsError],
  prepare: ({ values }, env) => prepareListen(values, env),
  async run(plan, io) {
    const { settings, host, json } = plan;
    warnOfSecretFlag(io, plan.secretFromFlag);
    const warn = (message: string): void => void io.stderr.write(`warning: ${terminalLines(message)}\n`);
    const store = openStore(plan.logDir, plan.fsync, warn);
    const receiver = new ReceiverServer({ settings, store, onWarning: warn });
    warnWhenExposed(io, host, 'can send to this receiver');
    if (settings.forwardTo !== undefined && !isLoopbackUrl(settings.forwardTo))
      warn(`forwarding to ${settings.forwardTo}: every webhook received leaves this machine.`);
    const stopped = untilSignal();
    try {
      // Asked before listening when the port is known, so no webhook comes before the first line.
      const lookUp = (port: number) => lookUpPublicUrl(plan.publicUrl, port, plan.path);
      let publicUrl = plan.port === 0 ? undefined : await lookUp(plan.port);
      // A tunnel forwards the Host the sender used: the receiver takes the public one too.
      if (publicUrl) receiver.update({ publicHosts: [publicUrl.host] });
      const url = await receiver.start({ port: plan.port, host, path: plan.path });
      const port = Number(new URL(url).port);
      if (plan.port === 0) {
        publicUrl = await lookUp(port);
        if (publicUrl) receiver.update({ publicHosts: [publicUrl.host] });
      }
      receiver.onStored(({ receipt }) =>
        io.stdout.write(json ? terminalSafeJson(formatReceiptJson(receipt)) : receiptLine(receipt)),
      );
      if (json)
        io.stdout.write(
          jsonLine({ event: 'listening', url, ...(publicUrl ? { public_url: publicUrl.webhookUrl } : {}) }),
        );
      else
        io.stdout.write(`Listening on ${terminalSafe(url)} (${describeCheck(settings)}). Ctrl-C to stop.\n`);
      showPublicUrl(io, publicUrl, port, json);
      await stopped;
      return ExitCode.ok;
    } finally {
      await receiver.stop();
      store?.close();
    }
  },
});

/**
 * The human line for a request, and the doctor's fix under it: what the payload claims (type,
 * ids, path) shown escaped.
 */
function receiptLine(receipt: ReceiptRecord): string {
  const line = `${terminalSafe(formatReceiptLine(receipt).replace(/\n$/, ''))}\n`;
  const fix = formatReceiptFix(receipt);
  return fix === undefined ? line : `${line}${terminalSafe(fix.replace(/\n$/, ''))}\n`;
}

function describeCheck(settings: ReceiverSettings): string {
  const n = settings.secrets.length;
  if (n === 0) return 'no secret: webhooks are accepted unverified';
  return `verifying ${settings.scheme} signatures with ${countOf(n, 'secret')}`;
}
