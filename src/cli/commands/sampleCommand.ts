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

export const sampleCommand = defineCommand({
  name: 'sample',
  summary: 'Print a realistic sample webhook of a type',
  usage: ['makini-devtools sample <type> [--connection ID] [--seed N]'],
  options: stringFlags('connection', 'seed'),
  positionals: 1,
  run({ values, positionals }, io) {
    const type = eventTypeArgument(positionals[0]);
    const seed = values.seed === undefined ? undefined : intOption('seed', values.seed, 0, 0, 2 ** 32 - 1);
    const event = buildEvent(type, {
      ...(seed === undefined ? {} : { seed }),
      ...(values.connection === undefined ? {} : { connectionId: values.connection }),
    });
    io.stdout.write(`${JSON.stringify(event, null, 2)}\n`);
    return ExitCode.ok;
  },
});
