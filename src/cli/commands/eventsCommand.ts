import { eventCatalog } from '../../core/events/catalog';
import { type CliCommand, ExitCode } from '../cliCommand';
import { parseOptions } from '../parseOptions';

export const eventsCommand: CliCommand = {
  name: 'events',
  summary: 'List the webhook event types Makini sends',
  usage: 'makini-devtools events [--json]',
  run(args, io) {
    const { values } = parseOptions(args, { json: { type: 'boolean' } });
    if (values.json) {
      const entries = eventCatalog.map((d) => ({
        type: d.type,
        description: d.description,
        schema: d.dataSchema,
      }));
      io.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
    } else {
      const width = Math.max(...eventCatalog.map((d) => d.type.length));
      for (const d of eventCatalog) io.stdout.write(`${d.type.padEnd(width)}  ${d.description}\n`);
    }
    return Promise.resolve(ExitCode.ok);
  },
};
