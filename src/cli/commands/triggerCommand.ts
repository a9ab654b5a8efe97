import { readFile } from 'node:fs/promises';
import { buildEvent, type EventDataByType, type EventType } from '../../core/events/catalog';
import type { WebhookEnvelope } from '../../core/events/envelope';
import { type EventDataOverride, parseEventDataText, PayloadFileError } from '../../core/events/payloadFile';
import { RetryOptionsError } from '../../core/sender/retrySchedule';
import { SenderError } from '../../core/sender/webhookSender';
import { getScheme } from '../../core/signing/schemes';
import { SigningSecretError } from '../../core/signing/signatureScheme';
import { terminalSafe } from '../../core/text/terminalSafe';
import { UsageError } from '../cliCommand';
import { defineCommand } from '../defineCommand';
import { sendWithOutput } from '../deliveryOutput';
import { booleanFlags, intOption, stringFlags } from '../parseOptions';
import { readTargetFlags, TARGET_OPTIONS } from '../signingFlags';
import { abortOnInterrupt } from '../untilSignal';
import { eventTypeArgument } from './sampleCommand';

const OPTIONS = {
  ...TARGET_OPTIONS,
  ...stringFlags('connection', 'data', 'duplicates', 'max-attempts', 'retry-base-ms', 'timeout-ms'),
  header: { type: 'string', multiple: true },
  ...booleanFlags('insecure', 'json'),
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

/**
 * The `--data` file (or stdin for `-`), validated against the type's schema.
 * @throws UsageError when it cannot be read or is not valid data for the type.
 */
async function readData(type: EventType, file: string): Promise<EventDataOverride> {
  let text: string;
  try {
    text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `--data: cannot read '${file}': ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  try {
    return parseEventDataText(type, text, file === '-' ? '<stdin>' : file);
  } catch (error) {
    if (error instanceof PayloadFileError) throw new UsageError(`--data is not valid:\n${error.message}`);
    throw error;
  }
}

/** The event to send: a sample of `type`, with the `--data` file's data, id and connection. */
async function eventFor(
  type: EventType,
  data: string | undefined,
  connection: string | undefined,
): Promise<WebhookEnvelope> {
  const override = data === undefined ? undefined : await readData(type, data);
  const connectionId = connection ?? override?.connection_id;
  // parseEventDataText validated `data` against the type's schema, hence the cast.
  const built = buildEvent(type, {
    ...(connectionId === undefined ? {} : { connectionId }),
    ...(override === undefined ? {} : { data: override.data as EventDataByType[typeof type] }),
  });
  return { ...built, ...(override?.id ? { id: override.id } : {}) };
}

export const triggerCommand = defineCommand({
  name: 'trigger',
  summary: 'Send a signed test webhook to a URL, retrying as Makini does',
  usage: [
    'makini-devtools trigger <type> --to URL [--secret S]... [--scheme makini|standard]',
    '    [--signature-header NAME] [--connection ID] [--data FILE|-] [--duplicates N]',
    '    [--max-attempts N] [--retry-base-ms MS] [--timeout-ms MS] [--header "K: V"]...',
    '    [--insecure] [--json]',
    'The secret may come from MAKINI_WEBHOOK_SECRET instead of --secret.',
  ],
  options: OPTIONS,
  positionals: 1,
  usageErrors: [SenderError, SigningSecretError, RetryOptionsError],
  async run({ values, positionals }, io) {
    const type = eventTypeArgument(positionals[0]);
    const target = readTargetFlags(values, io.env, 'where to send the webhook');
    const headers = parseHeaders(values.header ?? []);
    const duplicates = intOption('duplicates', values.duplicates, 1, 1, 1000);
    const maxAttempts = intOption('max-attempts', values['max-attempts'], Number.MAX_SAFE_INTEGER, 1);
    const baseDelayMs = intOption('retry-base-ms', values['retry-base-ms'], 30_000, 0, 3_600_000);
    const timeoutMs = intOption('timeout-ms', values['timeout-ms'], 10_000, 1, 600_000);
    const event = await eventFor(type, values.data, values.connection);
    const json = values.json === true;
    if (!json) {
      const what = `${type} ${terminalSafe(event.id)}`;
      io.stdout.write(`Sending ${what} to ${terminalSafe(target.url)} (${target.scheme} signature)\n`);
    }
    return abortOnInterrupt((signal) =>
      sendWithOutput(
        io,
        {
          url: target.url,
          event,
          scheme: getScheme(target.scheme, { signatureHeader: target.signatureHeader }),
          secrets: target.secrets,
          headers,
          insecure: values.insecure === true,
          timeoutMs,
          retry: { baseDelayMs, maxAttempts },
          duplicates,
          signal,
        },
        { json },
      ),
    );
  },
});
