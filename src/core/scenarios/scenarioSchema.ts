import type { JsonSchema } from '../events/eventDefinition';
import { EVENT_TYPE_ALIASES, EVENT_TYPES } from '../events/catalog';
import { MAX_STEP_DELAY_MS, SANDBOX_ACTIONS, SCENARIO_VARIANTS, STEP_KINDS } from './scenario';

const common = {
  step: { type: 'string', enum: [...STEP_KINDS] },
  delay_ms: {
    type: 'integer',
    minimum: 0,
    maximum: MAX_STEP_DELAY_MS,
    description: 'Milliseconds to wait after the previous step (divided by the run speed).',
  },
  title: { type: 'string', minLength: 1, description: 'The name reports give the step.' },
} as const;

function stepOf(kind: string, properties: Record<string, JsonSchema>, required: string[]): JsonSchema {
  return {
    if: { type: 'object', properties: { step: { const: kind } }, required: ['step'] },
    then: {
      type: 'object',
      properties: { ...common, ...properties },
      required: ['step', ...required],
      additionalProperties: false,
    },
  };
}

const stepId = { type: 'string', pattern: '^[A-Za-z0-9_-]+$' };

/**
 * The JSON Schema of a scenario file (`.makini/scenarios/*.json`): the parser checks files with it,
 * and editors get it through the manifest's `jsonValidation`.
 */
export function scenarioFileSchema(): JsonSchema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Makini DevTools scenario',
    description: 'A named, ordered list of steps, each after a delay: webhooks to send and sandbox changes.',
    type: 'object',
    properties: {
      $schema: { type: 'string' },
      name: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$', description: 'What `scenario run` takes.' },
      description: { type: 'string' },
      steps: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          properties: { step: common.step },
          required: ['step'],
          allOf: [
            stepOf(
              'send',
              {
                event: {
                  type: 'string',
                  enum: [...EVENT_TYPES, ...EVENT_TYPE_ALIASES.keys()],
                  description: 'The event type to send, such as work_orders.updated.',
                },
                data: {
                  type: 'object',
                  description: "Fields of the event's data that replace the sample's.",
                },
                variant: { type: 'string', enum: [...SCENARIO_VARIANTS] },
                id: { ...stepId, description: 'Lets a later resend step send this very event again.' },
              },
              ['event'],
            ),
            stepOf('resend', { of: { ...stepId, description: 'The id of an earlier send step.' } }, ['of']),
            stepOf(
              'sandbox',
              {
                action: {
                  type: 'string',
                  enum: [...SANDBOX_ACTIONS],
                  description: "What to do to the connection in the sandbox (needs the sandbox's URL).",
                },
              },
              ['action'],
            ),
          ],
        },
      },
    },
    required: ['name', 'steps'],
    additionalProperties: false,
  };
}

/** The schema file the build writes to dist/schemas/, as `eventSchemas.ts`'s are. */
export function schemaFiles(): readonly { readonly path: string; readonly schema: JsonSchema }[] {
  return [{ path: 'scenario.schema.json', schema: scenarioFileSchema() }];
}
