import { buildEvent, EVENT_TYPES, type EventType, isEventType } from '../../core/events/catalog';
import { ExitCode, UsageError } from '../cliCommand';
import { defineCommand } from '../defineCommand';
import { intOption, stringFlags } from '../parseOptions';

/**
 * The event type named on the command line.
 * @throws UsageError when it is missing or not in the catalog.
 */
export function eventTypeArgument(value: string | undefined): EventType {
  if (value === undefined) throw new UsageError(`name an event type, one of: ${EVENT_TYPES.join(', ')}.`);
  if (!isEventType(value)) {
    throw new UsageError(`unknown event type '${value}'. Known types: ${EVENT_TYPES.join(', ')}.`);
  }
  return value;
}

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
  usage: ['makini-devtools sample <type> [--connection ID] [--seed N]'],
  options: stringFlags('connection', 'seed'),
  flags: {
    connection: ['ID', 'the connection_id it carries (default: a sample id)'],
    seed: SEED_FLAG_HELP,
  },
  notes: ['The envelope is printed as a JSON document, ready for trigger --data FILE.'],
  positionals: 1,
  prepare: ({ values, positionals }) => ({
    type: eventTypeArgument(positionals[0]),
    seed: seedFlag(values.seed),
    connection: values.connection,
  }),
  run({ type, seed, connection }, io) {
    const event = buildEvent(type, {
      ...(seed === undefined ? {} : { seed }),
      ...(connection === undefined ? {} : { connectionId: connection }),
    });
    io.stdout.write(`${JSON.stringify(event, null, 2)}\n`);
    return ExitCode.ok;
  },
});
