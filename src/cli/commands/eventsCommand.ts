import { eventCatalog } from '../../core/events/catalog';
import { ExitCode } from '../cliCommand';
import { defineCommand } from '../defineCommand';
import { booleanFlags } from '../parseOptions';

export const eventsCommand = defineCommand({
  name: 'events',
  summary: 'List the webhook event types Makini sends',
  usage: ['makini-devtools events [--json]'],
  options: booleanFlags('json'),
  run({ values }, io) {
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
    return ExitCode.ok;
  },
});
