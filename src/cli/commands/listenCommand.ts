import { isLoopbackUrl } from '../../core/net/loopback';
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
import { type CliIo, ExitCode, UsageError } from '../cliCommand';
import { defineCommand } from '../defineCommand';
import { LISTEN_OPTIONS, readListenFlags, warnWhenExposed } from '../listenFlags';
import { booleanFlags, intOption, type ParsedOptions, stringFlags } from '../parseOptions';
import { readSigningFlags, readToleranceFlag, SIGNING_OPTIONS } from '../signingFlags';
import { untilSignal } from '../untilSignal';

const OPTIONS = {
  ...LISTEN_OPTIONS,
  ...SIGNING_OPTIONS,
  ...stringFlags('path', 'tolerance', 'forward-to', 'log-dir'),
  // How it answers: the failure simulation and the body limit.
  ...stringFlags('respond', 'fail-first', 'respond-delay-ms', 'max-body'),
  ...booleanFlags('fsync', 'json'),
} as const;

/** The receiver's settings from the flags (and the secret from the environment). */
function settingsFrom(values: ParsedOptions<typeof OPTIONS>['values'], io: CliIo): ReceiverSettings {
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

/** The log the receiver writes each webhook to before answering, with `--log-dir`. */
function storeFrom(
  values: ParsedOptions<typeof OPTIONS>['values'],
  warn: (message: string) => void,
): LogStore<ReceiptRecord> | undefined {
  const logDir = values['log-dir'];
  const fsync = values.fsync === true;
  if (fsync && logDir === undefined)
    throw new UsageError('--fsync applies to the log: give --log-dir DIR too.');
  return logDir === undefined
    ? undefined
    : LogStore.open({ dir: logDir, kind: receiptKind, fsync, onWarning: warn });
}

export const listenCommand = defineCommand({
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
  ],
  options: OPTIONS,
  usageErrors: [ReceiverSettingsError],
  async run({ values }, io) {
    const settings = settingsFrom(values, io);
    const { port, host } = readListenFlags(values);
    const warn = (message: string): void => void io.stderr.write(`warning: ${terminalLines(message)}\n`);
    checkSettings(settings);
    const store = storeFrom(values, warn);
    const receiver = new ReceiverServer({ settings, store, onWarning: warn });
    warnWhenExposed(io, host, 'can send to this receiver');
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
    } finally {
      await receiver.stop();
      store?.close();
    }
  },
});

/** The human line for a request: what the payload claims (type, ids, path) shown escaped. */
function receiptLine(receipt: ReceiptRecord): string {
  return `${terminalSafe(formatReceiptLine(receipt).replace(/\n$/, ''))}\n`;
}

function describeCheck(settings: ReceiverSettings): string {
  const n = settings.secrets.length;
  if (n === 0) return 'no secret: webhooks are accepted unverified';
  return `verifying ${settings.scheme} signatures with ${n} secret${n === 1 ? '' : 's'}`;
}
