import { newEventId, type Webhook } from '../../core/events/envelope';
import { webhookOfBody } from '../../core/events/validation';
import { toCurl } from '../../core/sender/curlCommand';
import { RetryOptionsError } from '../../core/sender/retrySchedule';
import { SenderError } from '../../core/sender/webhookSender';
import { getScheme } from '../../core/signing/schemes';
import type { SignatureScheme } from '../../core/signing/signatureScheme';
import { SigningSecretError } from '../../core/signing/signatureScheme';
import { jsonLine, terminalSafe } from '../../core/text/terminalSafe';
import { USER_AGENT } from '../../core/version';
import { ExitCode, UsageError } from '../cliCommand';
import { defineCommand } from '../defineCommand';
import { openDeliveryLog } from '../deliveryLog';
import { sendWithOutput } from '../deliveryOutput';
import { DELIVERY_FLAG_HELP, DELIVERY_OPTIONS, readDeliveryFlags } from '../deliveryFlags';
import { booleanFlags, type ParsedOptions } from '../parseOptions';
import { LOG_DIR_HINT, recordedBytes } from '../recordLookup';
import { readTargetFlags, SIGNING_FLAG_HELP, TARGET_OPTIONS, warnOfSecretFlag } from '../signingFlags';
import { abortOnInterrupt } from '../untilSignal';

const OPTIONS = {
  'log-dir': { type: 'string' },
  ...TARGET_OPTIONS,
  ...DELIVERY_OPTIONS,
  ...booleanFlags('curl', 'json'),
} as const;

/** A recorded event and the exact bytes it arrived or went out as. */
interface Recorded {
  readonly event: Webhook;
  readonly body: Buffer;
}

/** The event a receipt or delivery carried, read back from its recorded body. */
function recordedEvent(logDir: string, id: string, warn: (m: string) => void): Recorded {
  const body = recordedBytes(logDir, id, warn);
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new Error(`The body recorded for ${id} is not JSON, so there is no event to replay.`);
  }
  // An ids envelope names no event id: the replay's headers get a fresh one, its bytes stay the same.
  const event = webhookOfBody(value, newEventId);
  if (event === undefined) {
    throw new Error(
      `The body recorded for ${id} is not a valid webhook: neither {"event", "body": [ids]} nor {id, type, timestamp, connection_id, data}.`,
    );
  }
  return { event, body };
}

/** The curl command for the request replay would send: signed now, to `to`, the recorded bytes. */
function curlFor(
  recorded: Recorded,
  to: string,
  scheme: SignatureScheme,
  secrets: readonly string[],
  attempt: { readonly insecure: boolean; readonly timeoutMs: number },
): string {
  const { event, body } = recorded;
  // The headers the sender puts on every attempt (webhookSender.ts), with a signature of now.
  const headers = {
    'content-type': 'application/json',
    'user-agent': USER_AGENT,
    ...scheme.sign({
      id: event.id,
      timestamp: Math.floor(Date.now() / 1000),
      body,
      secrets,
      type: event.type,
    }),
  };
  const url = new URL(to).toString();
  return toCurl({
    request: { method: 'POST', url, headers, body, insecure: attempt.insecure, timeoutMs: attempt.timeoutMs },
  });
}

/** Every flag read and checked; the log is read here too, so a wrong id is found before output. */
function prepareReplay({ values, positionals }: ParsedOptions<typeof OPTIONS>, env: NodeJS.ProcessEnv) {
  const id = positionals[0];
  if (id === undefined)
    throw new UsageError(
      'give the id of a receipt (rcpt_…), a delivery (dlv_…) or an event (evt_…) to replay.',
    );
  const logDir = values['log-dir'];
  if (logDir === undefined || logDir === '')
    throw new UsageError(`--log-dir DIR is required: where the records are. ${LOG_DIR_HINT}`);
  const target = readTargetFlags(values, env, 'where to send the webhook');
  const warnings: string[] = [];
  const recorded = recordedEvent(logDir, id, (message) => warnings.push(message));
  const delivery = readDeliveryFlags(values);
  return {
    logDir,
    target,
    recorded,
    warnings,
    delivery,
    curl: values.curl === true,
    json: values.json === true,
  };
}

export const replayCommand = defineCommand({
  name: 'replay',
  summary: 'Re-send a recorded webhook (same event id and bytes, freshly signed) to a URL',
  usage: [
    'makini-devtools replay <receipt-delivery-or-event-id> --log-dir DIR --to URL [--secret S]...',
    '    [--scheme makini|standard] [--signature-header NAME] [--encoding base64|hex]',
    '    [--max-attempts N] [--retry-base-ms MS] [--timeout-ms MS] [--insecure] [--curl] [--json]',
  ],
  options: OPTIONS,
  flags: {
    'log-dir': [
      'DIR',
      "the folder listen --log-dir or trigger --log-dir wrote, or the editor's log (required)",
    ],
    to: ['URL', 'where to send it, any full http(s) URL (required)'],
    ...SIGNING_FLAG_HELP,
    ...DELIVERY_FLAG_HELP,
    curl: ['', 'print the curl command that sends it, instead of sending (default: send)'],
    json: ['', 'one JSON object per line (default: text)'],
  },
  notes: [
    'An event id replays the newest record of that event. The recorded body is sent byte for byte',
    "and retried on Makini's schedule like any delivery (Ctrl-C cancels it); the delivery is logged",
    'in the same folder.',
    'Exit status: 0 when delivered, 1 when not (or nothing to replay), 2 for wrong usage.',
  ],
  positionals: 1,
  usageErrors: [SenderError, SigningSecretError, RetryOptionsError],
  prepare: prepareReplay,
  async run({ logDir, target, recorded, warnings, delivery, curl, json }, io) {
    warnOfSecretFlag(io, target.secretFromFlag);
    const warn = (message: string): void => void io.stderr.write(`warning: ${terminalSafe(message)}\n`);
    warnings.forEach(warn);
    const scheme = getScheme(target.scheme, {
      signatureHeader: target.signatureHeader,
      encoding: target.encoding,
    });
    if (curl) {
      const command = curlFor(recorded, target.url, scheme, target.secrets, delivery);
      io.stdout.write(json ? jsonLine({ event: 'curl', command }) : `${command}\n`);
      return ExitCode.ok;
    }
    const { event, body } = recorded;
    if (!json) {
      const what = `${terminalSafe(event.type)} ${terminalSafe(event.id)}`;
      io.stdout.write(`Replaying ${what} to ${terminalSafe(target.url)} (${target.scheme} signature)\n`);
    }
    const log = openDeliveryLog(logDir, warn);
    try {
      return await abortOnInterrupt((signal) =>
        sendWithOutput(
          io,
          { url: target.url, event, body, scheme, secrets: target.secrets, ...delivery, signal },
          { json, withDeliveryId: true, onFinished: log.log },
        ),
      );
    } finally {
      log.close();
    }
  },
});
