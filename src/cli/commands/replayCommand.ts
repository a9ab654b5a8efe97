import { errorMessage } from '../../core/errors';
import type { WebhookEnvelope } from '../../core/events/envelope';
import { deliveryKind } from '../../core/sender/deliveryKind';
import { LogStore } from '../../core/logStore/logStore';
import { receiptKind } from '../../core/receiver/receiptRecord';
import { toCurl } from '../../core/sender/curlCommand';
import { attemptBodyBytes, type DeliveryRecord } from '../../core/sender/deliveryRecord';
import { exactReceiptBody } from '../../core/sender/receiptReplay';
import { type DeliveryRequest, SenderError } from '../../core/sender/webhookSender';
import { getScheme } from '../../core/signing/schemes';
import type { SignatureScheme } from '../../core/signing/signatureScheme';
import { SigningSecretError } from '../../core/signing/signatureScheme';
import { jsonLine, terminalSafe } from '../../core/text/terminalSafe';
import { USER_AGENT } from '../../core/version';
import { type CliIo, ExitCode, UsageError } from '../cliCommand';
import { defineCommand } from '../defineCommand';
import { sendWithOutput } from '../deliveryOutput';
import { booleanFlags } from '../parseOptions';
import { readTargetFlags, TARGET_OPTIONS } from '../signingFlags';

const OPTIONS = {
  'log-dir': { type: 'string' },
  ...TARGET_OPTIONS,
  ...booleanFlags('curl', 'json'),
} as const;

/** A recorded event and the exact bytes it arrived or went out as. */
interface Recorded {
  readonly event: WebhookEnvelope;
  readonly body: Buffer;
}

/** The bytes a receipt or delivery carried, exactly as recorded. */
function recordedBytes(logDir: string, id: string, warn: (m: string) => void): Buffer {
  const receipts = LogStore.open({ dir: logDir, kind: receiptKind, onWarning: warn });
  const deliveries = LogStore.open({ dir: logDir, kind: deliveryKind, onWarning: warn });
  const receipt = receipts.get(id);
  const delivery = deliveries.get(id);
  receipts.close();
  deliveries.close();
  if (receipt) return exactReceiptBody(receipt);
  const request = delivery?.attempts[0]?.request;
  if (request) return attemptBodyBytes(request);
  throw new Error(`No receipt or delivery with id '${id}' in ${logDir}. Check the id and the --log-dir.`);
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
  const v = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  if (typeof v.id !== 'string' || typeof v.type !== 'string' || typeof v.connection_id !== 'string') {
    throw new Error(
      `The body recorded for ${id} is not a webhook event (it needs id, type and connection_id).`,
    );
  }
  return { event: value as WebhookEnvelope, body };
}

function targetUrl(to: string): string {
  const url = URL.canParse(to) ? new URL(to) : undefined;
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:')
    throw new UsageError(`--to takes a full http(s) URL, e.g. http://127.0.0.1:4000/webhooks, got '${to}'.`);
  return url.toString();
}

/** The curl command for the request replay would send: signed now, to `to`, the recorded bytes. */
function curlFor(
  recorded: Recorded,
  to: string,
  scheme: SignatureScheme,
  secrets: readonly string[],
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
  return toCurl({ request: { method: 'POST', url: targetUrl(to), headers, body, timeoutMs: 10_000 } });
}

/** Sends the recorded bytes once, logging the delivery in `logDir` beside the records. */
async function send(
  io: CliIo,
  logDir: string,
  request: DeliveryRequest,
  output: { readonly json: boolean; readonly warn: (message: string) => void },
): Promise<number> {
  const { json, warn } = output;
  const deliveries = LogStore.open({ dir: logDir, kind: deliveryKind, onWarning: warn });
  const logDelivery = (delivery: DeliveryRecord): void =>
    void deliveries
      .append(delivery)
      .catch((error: unknown) => warn(`the delivery could not be logged: ${errorMessage(error)}`));
  try {
    return await sendWithOutput(io, request, { json, withDeliveryId: true, onFinished: logDelivery });
  } finally {
    deliveries.close();
  }
}

export const replayCommand = defineCommand({
  name: 'replay',
  summary: 'Re-send a recorded webhook (same event id and bytes, freshly signed) to a URL',
  usage: [
    'makini-devtools replay <receipt-or-delivery-id> --log-dir DIR --to URL [--secret S]...',
    '    [--scheme makini|standard] [--signature-header NAME] [--curl] [--json]',
    'The secret may come from MAKINI_WEBHOOK_SECRET instead of --secret. One attempt, no retries.',
    'The recorded body is sent byte for byte. --curl prints the curl command instead of sending.',
  ],
  options: OPTIONS,
  positionals: 1,
  usageErrors: [SenderError, SigningSecretError],
  async run({ values, positionals }, io) {
    const id = positionals[0];
    if (id === undefined)
      throw new UsageError('give the id of a receipt (rcpt_…) or a delivery (dlv_…) to replay.');
    const logDir = values['log-dir'];
    if (logDir === undefined) throw new UsageError('--log-dir DIR is required: where the records are.');
    const target = readTargetFlags(values, io.env, 'where to send the webhook');
    const warn = (message: string): void => void io.stderr.write(`warning: ${terminalSafe(message)}\n`);
    const recorded = recordedEvent(logDir, id, warn);
    const json = values.json === true;
    const scheme = getScheme(target.scheme, { signatureHeader: target.signatureHeader });
    if (values.curl) {
      const command = curlFor(recorded, target.url, scheme, target.secrets);
      io.stdout.write(json ? jsonLine({ event: 'curl', command }) : `${command}\n`);
      return ExitCode.ok;
    }
    const { event, body } = recorded;
    if (!json) {
      const what = `${terminalSafe(event.type)} ${terminalSafe(event.id)}`;
      io.stdout.write(`Replaying ${what} to ${terminalSafe(target.url)} (${target.scheme} signature)\n`);
    }
    const request = {
      url: target.url,
      event,
      body,
      scheme,
      secrets: target.secrets,
      retry: { maxAttempts: 1 },
    };
    return send(io, logDir, request, { json, warn });
  },
});
