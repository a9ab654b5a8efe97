import { errorMessage } from '../../core/errors';
import { isLoopbackHost, isLoopbackUrl } from '../../core/net/loopback';
import { LogStore } from '../../core/logStore/logStore';
import { formatReceiptJson, formatReceiptLine } from '../../core/receiver/receiptLine';
import { type ReceiptRecord, receiptKind } from '../../core/receiver/receiptRecord';
import {
  checkSettings,
  ReceiverSettingsError,
  type ReceiverSettings,
} from '../../core/receiver/receiverSettings';
import { ReceiverServer } from '../../core/receiver/receiverServer';
import { jsonLine, terminalLines, terminalSafe, terminalSafeJson } from '../../core/text/terminalSafe';
import { type CliCommand, type CliIo, ExitCode, UsageError } from '../cliCommand';
import { intOption, parseOptions } from '../parseOptions';
import { readSigningFlags, readToleranceFlag, SIGNING_OPTIONS } from '../signingFlags';
import { untilSignal } from '../untilSignal';

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  path: { type: 'string' },
  ...SIGNING_OPTIONS,
  tolerance: { type: 'string' },
  'forward-to': { type: 'string' },
  respond: { type: 'string' },
  'fail-first': { type: 'string' },
  'respond-delay-ms': { type: 'string' },
  'max-body': { type: 'string' },
  'log-dir': { type: 'string' },
  fsync: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

/** The receiver's settings from the flags (and the secret from the environment). */
function settingsFrom(
  values: ReturnType<typeof parseOptions<typeof OPTIONS>>['values'],
  io: CliIo,
): ReceiverSettings {
  const { scheme, secrets, signatureHeader } = readSigningFlags(values, io.env, false);
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

export const listenCommand: CliCommand = {
  name: 'listen',
  summary: 'Run a local webhook receiver that verifies, checks and logs every request',
  usage: [
    'makini-devtools listen [--port N] [--host H] [--path P] [--secret S]...',
    '    [--scheme makini|standard] [--signature-header NAME] [--tolerance SEC (standard only)]',
    '    [--forward-to URL] [--respond CODE] [--fail-first N] [--respond-delay-ms MS]',
    '    [--max-body BYTES] [--log-dir DIR [--fsync]] [--json]',
    '',
    'The secret may also come from MAKINI_WEBHOOK_SECRET. Stop with Ctrl-C.',
    'With --log-dir each webhook is written to the log before it is answered; --fsync also',
    'flushes it to the disk, against power loss (slower).',
  ].join('\n'),
  async run(args, io) {
    const { values } = parseOptions(args, OPTIONS);
    const settings = settingsFrom(values, io);
    const port = intOption('port', values.port, 0, 0, 65_535);
    const host = values.host ?? '127.0.0.1';
    const warn = (message: string): void => void io.stderr.write(`warning: ${terminalLines(message)}\n`);
    try {
      checkSettings(settings);
    } catch (error) {
      if (error instanceof ReceiverSettingsError) throw new UsageError(error.message);
      throw error;
    }
    const logDir = values['log-dir'];
    if (values.fsync === true && logDir === undefined)
      throw new UsageError('--fsync applies to the log: give --log-dir DIR too.');
    const store: LogStore<ReceiptRecord> | undefined =
      logDir === undefined
        ? undefined
        : LogStore.open({ dir: logDir, kind: receiptKind, fsync: values.fsync === true, onWarning: warn });
    const receiver = new ReceiverServer({ settings, store, onWarning: warn });
    if (!isLoopbackHost(host))
      warn(`listening on ${host}: other machines on the network can send to this receiver.`);
    if (settings.forwardTo !== undefined && !isLoopbackUrl(settings.forwardTo))
      warn(`forwarding to ${settings.forwardTo}: every webhook received leaves this machine.`);
    const stopped = untilSignal();
    try {
      const url = await receiver.start({ port, host, path: values.path });
      receiver.onStored(({ receipt }) =>
        io.stdout.write(values.json ? terminalSafeJson(formatReceiptJson(receipt)) : receiptLine(receipt)),
      );
      if (values.json) io.stdout.write(jsonLine({ event: 'listening', url }));
      else
        io.stdout.write(`Listening on ${terminalSafe(url)} (${describeCheck(settings)}). Ctrl-C to stop.\n`);
      await stopped;
      return ExitCode.ok;
    } catch (error) {
      io.stderr.write(`makini-devtools listen: ${terminalLines(errorMessage(error))}\n`);
      return ExitCode.failed;
    } finally {
      await receiver.stop();
      store?.close();
    }
  },
};

/** The human line for a request: what the payload claims (type, ids, path) shown escaped. */
function receiptLine(receipt: ReceiptRecord): string {
  return `${terminalSafe(formatReceiptLine(receipt).replace(/\n$/, ''))}\n`;
}

function describeCheck(settings: ReceiverSettings): string {
  const n = settings.secrets.length;
  if (n === 0) return 'no secret: webhooks are accepted unverified';
  return `verifying ${settings.scheme} signatures with ${n} secret${n === 1 ? '' : 's'}`;
}
