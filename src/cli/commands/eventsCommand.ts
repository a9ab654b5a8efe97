import { eventCatalog } from '../../core/events/catalog';
import { jsonLine } from '../../core/text/terminalSafe';
import { ExitCode } from '../cliCommand';
import { defineCommand } from '../defineCommand';
import { booleanFlags } from '../parseOptions';

export const eventsCommand = defineCommand({
  name: 'events',
  summary: 'List the webhook event types Makini sends',
  usage: ['makini-devtools events [--json]'],
  options: booleanFlags('json'),
  flags: { json: ['', 'one JSON object per line: type, description and the data schema (default: a table)'] },
  prepare: ({ values }) => ({ json: values.json === true }),
  run({ json }, io) {
    if (json) {
      for (const d of eventCatalog)
        io.stdout.write(jsonLine({ type: d.type, description: d.description, schema: d.dataSchema }));
    } else {
      const width = Math.max(...eventCatalog.map((d) => d.type.length));
      for (const d of eventCatalog) io.stdout.write(`${d.type.padEnd(width)}  ${d.description}\n`);
    }
    return ExitCode.ok;
  },
});
