import { readFile } from 'node:fs/promises';
import type { EventDataByType, EventType } from '../../core/events/catalog';
import type { Webhook } from '../../core/events/envelope';
import { buildWebhook, EnvelopeNotAvailableError } from '../../core/events/webhookBuilder';
import { type EventDataOverride, parseEventDataText, PayloadFileError } from '../../core/events/payloadFile';
import { RetryOptionsError } from '../../core/sender/retrySchedule';
import {
  parseVariantName,
  VARIANT_NAMES,
  VariantError,
  VARIANTS,
  withVariant,
} from '../../core/sender/variants';
import { SenderError } from '../../core/sender/webhookSender';
import { getScheme } from '../../core/signing/schemes';
import { SigningSecretError } from '../../core/signing/signatureScheme';
import { terminalLines, terminalSafe } from '../../core/text/terminalSafe';
import { UsageError } from '../cliCommand';
import { defineCommand } from '../defineCommand';
import { LOG_DIR_HELP, openDeliveryLog } from '../deliveryLog';
import { sendWithOutput } from '../deliveryOutput';
import { DELIVERY_FLAG_HELP, DELIVERY_OPTIONS, readDeliveryFlags } from '../deliveryFlags';
import { booleanFlags, intOption, type ParsedOptions, stringFlags } from '../parseOptions';
import { readTargetFlags, SIGNING_FLAG_HELP, TARGET_OPTIONS, warnOfSecretFlag } from '../signingFlags';
import { abortOnInterrupt } from '../untilSignal';
import {
  ENVELOPE_FLAG_HELP,
  envelopeFlag,
  eventTypeArgument,
  SEED_FLAG_HELP,
  seedFlag,
} from './sampleCommand';

const OPTIONS = {
  ...TARGET_OPTIONS,
  ...stringFlags('connection', 'data', 'seed', 'envelope', 'duplicates', 'variant'),
  ...DELIVERY_OPTIONS,
  'log-dir': { type: 'string' },
  header: { type: 'string', multiple: true },
  ...booleanFlags('json'),
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

/**
 * The event to send: a sample of `type` in the envelope asked for (or its default), with the
 * `--data` file's data, id and connection, or its ids.
 * @throws UsageError for an ids-envelope file with `--envelope detailed`.
 * @throws EnvelopeNotAvailableError for an envelope the type does not exist in.
 */
async function webhookFor(
  type: EventType,
  values: ParsedOptions<typeof OPTIONS>['values'],
): Promise<{ readonly event: Webhook; readonly fileHeaders: Readonly<Record<string, string>> }> {
  const seed = seedFlag(values.seed);
  const asked = envelopeFlag(values.envelope);
  const override = values.data === undefined ? undefined : await readData(type, values.data);
  if (override?.envelope === 'ids' && asked === 'detailed')
    throw new UsageError(
      '--data holds an ids envelope ({event, body}), which has no data for a detailed one: drop --envelope detailed, or give the data of the event.',
    );
  const detailed = override?.envelope === 'detailed' ? override : undefined;
  const connectionId = values.connection ?? detailed?.connection_id;
  const envelope = override?.envelope === 'ids' ? 'ids' : asked;
  // parseEventDataText validated `data` against the type's schema, hence the cast.
  const built = buildWebhook(type, {
    ...(seed === undefined ? {} : { seed }),
    ...(connectionId === undefined ? {} : { connectionId }),
    ...(envelope === undefined ? {} : { envelope }),
    ...(detailed ? { data: detailed.data as EventDataByType[typeof type] } : {}),
    ...(override?.envelope === 'ids' ? { ids: override.ids } : {}),
  });
  const fileHeaders = lowerCaseNames(override?.headers ?? {});
  if (built.envelope !== 'detailed' || !detailed?.id) return { event: built, fileHeaders };
  const event = { ...built, id: detailed.id, payload: { ...built.payload, id: detailed.id } };
  return { event, fileHeaders };
}

function lowerCaseNames(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

/** Every flag read and checked: what a send needs, before anything is printed or sent. */
async function prepareTrigger(
  { values, positionals }: ParsedOptions<typeof OPTIONS>,
  env: NodeJS.ProcessEnv,
) {
  const type = eventTypeArgument(positionals[0]);
  const target = readTargetFlags(values, env, 'where to send the webhook');
  const delivery = readDeliveryFlags(values);
  if (values['log-dir'] === '') throw new UsageError('--log-dir takes a folder.');
  const variant = parseVariantName(values.variant ?? 'valid');
  const flagHeaders = parseHeaders(values.header ?? []);
  const { event, fileHeaders } = await webhookFor(type, values);
  const scheme = getScheme(target.scheme, {
    signatureHeader: target.signatureHeader,
    encoding: target.encoding,
  });
  // The variant is applied here so that one the scheme cannot produce is wrong usage, found before any output.
  const request = withVariant(
    {
      url: target.url,
      event,
      scheme,
      secrets: target.secrets,
      // A --header flag wins over the same header in the --data file.
      headers: { ...fileHeaders, ...flagHeaders },
      duplicates: intOption('duplicates', values.duplicates, 1, 1, 1000),
      ...delivery,
    },
    variant,
  );
  return { target, request, variant, json: values.json === true, logDir: values['log-dir'] };
}

export const triggerCommand = defineCommand({
  name: 'trigger',
  summary: 'Send a signed test webhook to a URL, retrying as Makini does',
  usage: [
    'makini-devtools trigger <type> --to URL [--secret S]... [--scheme makini|standard]',
    '    [--signature-header NAME] [--encoding base64|hex] [--envelope ids|detailed] [--connection ID]',
    '    [--data FILE|-] [--seed N] [--duplicates N]',
    '    [--max-attempts N] [--retry-base-ms MS] [--timeout-ms MS] [--variant NAME] [--header "K: V"]...',
    '    [--log-dir DIR] [--insecure] [--json]',
  ],
  options: OPTIONS,
  flags: {
    to: ['URL', 'the endpoint, a full http(s) URL (required)'],
    ...SIGNING_FLAG_HELP,
    envelope: ENVELOPE_FLAG_HELP,
    connection: [
      'ID',
      "the connection_id the event carries, in the x-makini-connection-id header for ids (default: the --data file's, else a sample id for detailed, none for ids)",
    ],
    data: ['FILE|-', 'the event data, or a whole envelope as sample prints it (default: a sample)'],
    seed: SEED_FLAG_HELP,
    duplicates: ['N', 'send the same event N times in a row, as Makini may (default: 1)'],
    'max-attempts': DELIVERY_FLAG_HELP['max-attempts'],
    'retry-base-ms': DELIVERY_FLAG_HELP['retry-base-ms'],
    'timeout-ms': DELIVERY_FLAG_HELP['timeout-ms'],
    variant: [
      'NAME',
      `send it as Makini does, or broken on purpose: ${VARIANT_NAMES.join(', ')} (default: valid)`,
    ],
    header: [
      '"K: V"',
      "an extra request header, repeatable; wins over the --data file's headers map (default: none)",
    ],
    'log-dir': LOG_DIR_HELP,
    insecure: DELIVERY_FLAG_HELP.insecure,
    json: ['', 'one JSON object per line: each attempt, then the result (default: text)'],
  },
  notes: [
    'Variants: ' + VARIANT_NAMES.map((name) => `${name} (${VARIANTS[name]})`).join('; ') + '.',
    'Exit status: 0 when every delivery was delivered, 1 when one was not, 2 for wrong usage.',
  ],
  positionals: 1,
  usageErrors: [SenderError, SigningSecretError, RetryOptionsError, EnvelopeNotAvailableError, VariantError],
  prepare: prepareTrigger,
  async run(plan, io) {
    const { target, request, variant, json } = plan;
    warnOfSecretFlag(io, target.secretFromFlag);
    const warn = (message: string): void => void io.stderr.write(`warning: ${terminalLines(message)}\n`);
    const log = plan.logDir === undefined ? undefined : openDeliveryLog(plan.logDir, warn);
    if (!json) {
      const what = `${request.event.type} ${terminalSafe(request.event.id)}`;
      const as = variant === 'valid' ? '' : `, variant ${variant}`;
      io.stdout.write(`Sending ${what} to ${terminalSafe(target.url)} (${target.scheme} signature${as})\n`);
    }
    try {
      return await abortOnInterrupt((signal) =>
        sendWithOutput(
          io,
          { ...request, signal },
          { json, withDeliveryId: log !== undefined, ...(log ? { onFinished: log.log } : {}) },
        ),
      );
    } finally {
      log?.close();
    }
  },
});
