import { readFile } from 'node:fs/promises';
import { buildEvent, type EventDataByType } from '../../core/events/catalog';
import type { WebhookEnvelope } from '../../core/events/envelope';
import { type EventDataOverride, parseEventDataText, PayloadFileError } from '../../core/events/payloadFile';
import { RetryOptionsError } from '../../core/sender/retrySchedule';
import { SenderError, WebhookSender } from '../../core/sender/webhookSender';
import { getScheme } from '../../core/signing/schemes';
import { SigningSecretError } from '../../core/signing/signatureScheme';
import { terminalSafe } from '../../core/text/terminalSafe';
import { type CliCommand, ExitCode, UsageError } from '../cliCommand';
import { writeAttempt, writeResult } from '../deliveryOutput';
import { intOption, parseOptions } from '../parseOptions';
import { readSigningFlags, SIGNING_OPTIONS } from '../signingFlags';
import { eventTypeArgument } from './sampleCommand';

const OPTIONS = {
  to: { type: 'string' },
  ...SIGNING_OPTIONS,
  connection: { type: 'string' },
  data: { type: 'string' },
  duplicates: { type: 'string' },
  'max-attempts': { type: 'string' },
  'retry-base-ms': { type: 'string' },
  'timeout-ms': { type: 'string' },
  header: { type: 'string', multiple: true },
  insecure: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

/** `K: V` flags as a header map. */
function parseHeaders(values: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const value of values) {
    const match = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):\s*(.*)$/.exec(value);
    if (!match?.[1]) throw new UsageError(`--header takes 'Name: value', got '${value}'.`);
    headers[match[1].toLowerCase()] = match[2] ?? '';
  }
  return headers;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function readData(
  type: Parameters<typeof parseEventDataText>[0],
  file: string,
): Promise<EventDataOverride> {
  let text: string;
  try {
    text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `--data: cannot read '${file}': ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return parseEventDataText(type, text, file === '-' ? '<stdin>' : file);
}

export const triggerCommand: CliCommand = {
  name: 'trigger',
  summary: 'Send a signed test webhook to a URL, retrying as Makini does',
  usage: [
    'makini-devtools trigger <type> --to URL [--secret S]... [--scheme makini|standard]',
    '    [--signature-header NAME] [--connection ID] [--data FILE|-] [--duplicates N]',
    '    [--max-attempts N] [--retry-base-ms MS] [--timeout-ms MS] [--header "K: V"]...',
    '    [--insecure] [--json]',
    'The secret may come from MAKINI_WEBHOOK_SECRET instead of --secret.',
  ].join('\n'),
  async run(args, io) {
    const { values, positionals } = parseOptions(args, OPTIONS, 1);
    const type = eventTypeArgument(positionals[0]);
    if (values.to === undefined) throw new UsageError('--to URL is required: where to send the webhook.');
    const { scheme: schemeName, secrets, signatureHeader } = readSigningFlags(values, io.env, true);
    const headers = parseHeaders(values.header ?? []);
    const duplicates = intOption('duplicates', values.duplicates, 1, 1, 1000);
    const maxAttempts = intOption('max-attempts', values['max-attempts'], Number.MAX_SAFE_INTEGER, 1);
    const baseDelayMs = intOption('retry-base-ms', values['retry-base-ms'], 30_000, 0, 3_600_000);
    const timeoutMs = intOption('timeout-ms', values['timeout-ms'], 10_000, 1, 600_000);

    // parseEventDataText validated `data` against the type's schema, hence the cast below.
    let override: EventDataOverride | undefined;
    try {
      override = values.data === undefined ? undefined : await readData(type, values.data);
    } catch (error) {
      if (error instanceof PayloadFileError) throw new UsageError(`--data is not valid:\n${error.message}`);
      throw error;
    }
    const connectionId = values.connection ?? override?.connection_id;
    const built = buildEvent(type, {
      ...(connectionId === undefined ? {} : { connectionId }),
      ...(override === undefined ? {} : { data: override.data as EventDataByType[typeof type] }),
    });
    const event: WebhookEnvelope = { ...built, ...(override?.id ? { id: override.id } : {}) };

    const sender = new WebhookSender();
    const controller = new AbortController();
    const onInterrupt = (): void => controller.abort();
    process.once('SIGINT', onInterrupt);
    sender.on('attempt', (attempt) => writeAttempt(io, values.json === true, attempt));
    sender.on('deliveryFinished', (delivery) => writeResult(io, values.json === true, delivery));
    if (!values.json)
      io.stdout.write(
        `Sending ${type} ${terminalSafe(event.id)} to ${terminalSafe(values.to)} (${schemeName} signature)\n`,
      );
    try {
      const deliveries = await sender.send({
        url: values.to,
        event,
        scheme: getScheme(schemeName, { signatureHeader }),
        secrets,
        headers,
        insecure: values.insecure === true,
        timeoutMs,
        retry: { baseDelayMs, maxAttempts },
        duplicates,
        signal: controller.signal,
      });
      return deliveries.every((d) => d.status === 'delivered') ? ExitCode.ok : ExitCode.failed;
    } catch (error) {
      if (
        error instanceof SenderError ||
        error instanceof SigningSecretError ||
        error instanceof RetryOptionsError
      ) {
        throw new UsageError(error.message);
      }
      throw error;
    } finally {
      process.removeListener('SIGINT', onInterrupt);
      await sender.dispose();
    }
  },
};
