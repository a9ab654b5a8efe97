import type { WebhookEnvelope } from '../../core/events/envelope';
import { deliveryKind } from '../../core/logStore/deliveryKind';
import { LogStore } from '../../core/logStore/logStore';
import { receiptKind } from '../../core/receiver/receiptRecord';
import { SenderError, WebhookSender } from '../../core/sender/webhookSender';
import { getScheme } from '../../core/signing/schemes';
import { SigningSecretError } from '../../core/signing/signatureScheme';
import { type CliCommand, ExitCode, UsageError } from '../cliCommand';
import { writeAttempt, writeResult } from '../deliveryOutput';
import { parseOptions } from '../parseOptions';
import { readSigningFlags, SIGNING_OPTIONS } from '../signingFlags';

const OPTIONS = {
  'log-dir': { type: 'string' },
  to: { type: 'string' },
  ...SIGNING_OPTIONS,
  json: { type: 'boolean' },
} as const;

/** The event a receipt or delivery carried, read back from its recorded body. */
function recordedEvent(logDir: string, id: string, warn: (m: string) => void): WebhookEnvelope {
  const receipts = LogStore.open({ dir: logDir, kind: receiptKind, onWarning: warn });
  const deliveries = LogStore.open({ dir: logDir, kind: deliveryKind, onWarning: warn });
  const receipt = receipts.get(id);
  const delivery = deliveries.get(id);
  receipts.close();
  deliveries.close();
  let body: string;
  if (receipt) {
    if (receipt.bodyTruncated)
      throw new Error(`Receipt ${id} kept only part of its body; it cannot be replayed.`);
    body = receipt.body;
  } else if (delivery?.attempts[0]) {
    body = delivery.attempts[0].request.body;
  } else {
    throw new Error(`No receipt or delivery with id '${id}' in ${logDir}. Check the id and the --log-dir.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new Error(`The body recorded for ${id} is not JSON, so there is no event to replay.`);
  }
  const v = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  if (typeof v.id !== 'string' || typeof v.type !== 'string' || typeof v.connection_id !== 'string') {
    throw new Error(
      `The body recorded for ${id} is not a webhook event (it needs id, type and connection_id).`,
    );
  }
  return value as WebhookEnvelope;
}

export const replayCommand: CliCommand = {
  name: 'replay',
  summary: 'Re-send a recorded webhook (same event id, freshly signed) to a URL',
  usage: [
    'makini-devtools replay <receipt-or-delivery-id> --log-dir DIR --to URL [--secret S]...',
    '    [--scheme makini|standard] [--signature-header NAME] [--json]',
    'The secret may come from MAKINI_WEBHOOK_SECRET instead of --secret. One attempt, no retries.',
  ].join('\n'),
  async run(args, io) {
    const { values, positionals } = parseOptions(args, OPTIONS, 1);
    const id = positionals[0];
    if (id === undefined)
      throw new UsageError('give the id of a receipt (rcpt_…) or a delivery (dlv_…) to replay.');
    const logDir = values['log-dir'];
    if (logDir === undefined) throw new UsageError('--log-dir DIR is required: where the records are.');
    if (values.to === undefined) throw new UsageError('--to URL is required: where to send the webhook.');
    const { scheme: schemeName, secrets, signatureHeader } = readSigningFlags(values, io.env, true);
    const warn = (message: string): void => void io.stderr.write(`warning: ${message}\n`);
    const event = recordedEvent(logDir, id, warn);
    const json = values.json === true;
    const deliveries = LogStore.open({ dir: logDir, kind: deliveryKind, onWarning: warn });
    const sender = new WebhookSender();
    sender.on('attempt', (attempt) => writeAttempt(io, json, attempt));
    sender.on('deliveryFinished', (delivery) => {
      void deliveries
        .append(delivery)
        .catch((error: unknown) =>
          warn(`the delivery could not be logged: ${error instanceof Error ? error.message : String(error)}`),
        );
      writeResult(io, json, delivery, true);
    });
    if (!json)
      io.stdout.write(`Replaying ${event.type} ${event.id} to ${values.to} (${schemeName} signature)\n`);
    try {
      const sent = await sender.send({
        url: values.to,
        event,
        scheme: getScheme(schemeName, { signatureHeader }),
        secrets,
        retry: { maxAttempts: 1 },
      });
      return sent.every((d) => d.status === 'delivered') ? ExitCode.ok : ExitCode.failed;
    } catch (error) {
      if (error instanceof SenderError || error instanceof SigningSecretError)
        throw new UsageError(error.message);
      throw error;
    } finally {
      await sender.dispose();
      deliveries.close();
    }
  },
};
