import { ENVELOPES, type EnvelopeName } from '../../core/contract/makiniContract';
import { EVENT_TYPE_ALIASES, EVENT_TYPES, type EventType, resolveEventType } from '../../core/events/catalog';
import { buildWebhook, EnvelopeNotAvailableError } from '../../core/events/webhookBuilder';
import { ExitCode, UsageError } from '../cliCommand';
import { defineCommand } from '../defineCommand';
import { intOption, stringFlags } from '../parseOptions';

const ALIAS_NOTE = `the singular names (${[...EVENT_TYPE_ALIASES.keys()][0] ?? ''}, …) are accepted too`;

/**
 * The event type named on the command line; an alias is read as the documented name.
 * @throws UsageError when it is missing or not in the catalog.
 */
export function eventTypeArgument(value: string | undefined): EventType {
  if (value === undefined)
    throw new UsageError(`name an event type, one of: ${EVENT_TYPES.join(', ')} (${ALIAS_NOTE}).`);
  const type = resolveEventType(value);
  if (type === undefined) {
    throw new UsageError(
      `unknown event type '${value}'. Known types: ${EVENT_TYPES.join(', ')} (${ALIAS_NOTE}); makini-devtools events lists them.`,
    );
  }
  return type;
}

/**
 * The `--envelope` flag: `ids` or `detailed`, or undefined for the event's default.
 * @throws UsageError for any other value.
 */
export function envelopeFlag(value: string | undefined): EnvelopeName | undefined {
  if (value === undefined) return undefined;
  const envelope = ENVELOPES.find((e) => e === value);
  if (envelope === undefined)
    throw new UsageError(`--envelope takes ${ENVELOPES.join(' or ')}, got '${value}'.`);
  return envelope;
}

export const ENVELOPE_FLAG_HELP = [
  ENVELOPES.join('|'),
  "ids: Makini's documented {event, body: [ids]}, for entity events; detailed: {id, type, timestamp, connection_id, data} (default: ids for entity events, detailed for the others, which exist only so)",
] as const;

/** The `--seed` flag: a whole number, or undefined for a random sample. */
export function seedFlag(value: string | undefined): number | undefined {
  return value === undefined ? undefined : intOption('seed', value, 0, 0, 2 ** 32 - 1);
}

export const SEED_FLAG_HELP = [
  'N',
  'make the sample (its id and data) reproducible (default: random)',
] as const;

export const sampleCommand = defineCommand({
  name: 'sample',
  summary: 'Print a realistic sample webhook of a type',
  usage: ['makini-devtools sample <type> [--envelope ids|detailed] [--connection ID] [--seed N]'],
  options: stringFlags('connection', 'seed', 'envelope'),
  flags: {
    envelope: ENVELOPE_FLAG_HELP,
    connection: ['ID', 'the connection_id a detailed envelope carries (default: a sample id)'],
    seed: SEED_FLAG_HELP,
  },
  notes: [
    'The webhook body is printed as a JSON document, ready for trigger --data FILE. The ids',
    'envelope has no place for a connection: trigger sends it in the x-makini-connection-id header.',
  ],
  positionals: 1,
  usageErrors: [EnvelopeNotAvailableError],
  prepare: ({ values, positionals }) => {
    const type = eventTypeArgument(positionals[0]);
    const envelope = envelopeFlag(values.envelope);
    const seed = seedFlag(values.seed);
    // Built here so that an envelope the type does not exist in is wrong usage, found before output.
    const webhook = buildWebhook(type, {
      ...(seed === undefined ? {} : { seed }),
      ...(values.connection === undefined ? {} : { connectionId: values.connection }),
      ...(envelope === undefined ? {} : { envelope }),
    });
    return { webhook };
  },
  run({ webhook }, io) {
    io.stdout.write(`${JSON.stringify(webhook.payload, null, 2)}\n`);
    return ExitCode.ok;
  },
});
