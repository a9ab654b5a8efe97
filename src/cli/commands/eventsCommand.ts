import {
  aliasesOf,
  envelopesOf,
  EVENT_TYPE_ALIASES,
  eventCatalog,
  eventOrigin,
  type EventType,
} from '../../core/events/catalog';
import { jsonLine } from '../../core/text/terminalSafe';
import { ExitCode } from '../cliCommand';
import { defineCommand } from '../defineCommand';
import { booleanFlags } from '../parseOptions';

const ORIGIN_TEXT = {
  entity: "Makini's webhook page",
  faq: "Makini's FAQ; detailed envelope only",
  flows: 'Makini Flows; detailed envelope only',
} as const;

/** How a type's line ends: where it is documented, and its envelopes when it has a choice. */
function origin(type: EventType): string {
  const from = eventOrigin(type);
  return from === 'entity'
    ? `(${ORIGIN_TEXT[from]}; ${envelopesOf(type).join(' or ')})`
    : `(${ORIGIN_TEXT[from]})`;
}

export const eventsCommand = defineCommand({
  name: 'events',
  summary: 'List the webhook event types Makini sends',
  usage: ['makini-devtools events [--json]'],
  options: booleanFlags('json'),
  flags: {
    json: [
      '',
      'one JSON object per line: type, origin, envelopes, aliases, description and the data schema (default: a table)',
    ],
  },
  notes: [
    'Entity events are named as Makini documents them (assets.updated) and sent in the ids envelope',
    'by default; the singular names this tool used before (asset.updated) are accepted as aliases.',
  ],
  prepare: ({ values }) => ({ json: values.json === true }),
  run({ json }, io) {
    if (json) {
      for (const d of eventCatalog) {
        const type = d.type as EventType;
        io.stdout.write(
          jsonLine({
            type,
            origin: eventOrigin(type),
            envelopes: envelopesOf(type),
            aliases: aliasesOf(type),
            description: d.description,
            schema: d.dataSchema,
          }),
        );
      }
      return ExitCode.ok;
    }
    const width = Math.max(...eventCatalog.map((d) => d.type.length));
    for (const d of eventCatalog)
      io.stdout.write(`${d.type.padEnd(width)}  ${d.description} ${origin(d.type as EventType)}\n`);
    const aliases = [...EVENT_TYPE_ALIASES].map(([alias, type]) => `${alias} → ${type}`);
    io.stdout.write(
      `\nAliases, the singular names, accepted wherever a type is given:\n  ${aliases.join('\n  ')}\n`,
    );
    return ExitCode.ok;
  },
});
