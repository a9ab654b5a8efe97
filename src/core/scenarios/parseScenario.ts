import type Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import { buildEvent, type EventType, resolveEventType } from '../events/catalog';
import { parseJsonText, PayloadFileError } from '../events/payloadFile';
import { validateEventData } from '../events/validation';
import { issueOf, issueText, type ValidationIssue } from '../events/validationIssue';
import { TypedError } from '../errors';
import type { Scenario, ScenarioStep, ScenarioVariant, SandboxAction } from './scenario';
import { scenarioFileSchema } from './scenarioSchema';

export type ScenarioErrorCode = 'invalid_json' | 'invalid_scenario';

/** A scenario file that cannot be run; `issues` locate each problem by JSON pointer. */
export class ScenarioError extends TypedError<ScenarioErrorCode> {
  override readonly name = 'ScenarioError';
  constructor(
    readonly code: ScenarioErrorCode,
    readonly source: string,
    readonly issues: readonly ValidationIssue[],
    options?: ErrorOptions,
  ) {
    const lines = issues.map(
      (i) => `  at ${i.pointer === '' ? '/' : i.pointer}: ${issueText(i, 'the file')}`,
    );
    super(`${source} is not a valid scenario; nothing was sent:\n${lines.join('\n')}`, options);
  }
}

let validate: ValidateFunction | undefined;

/** The file schema, compiled on first use (ajv is loaded only when a scenario is read). */
function schemaValidator(): ValidateFunction {
  if (!validate) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred like validation.ts's
    const { createAjv } = require('../vendor/ajvModule') as { createAjv: () => Ajv };
    validate = createAjv().compile(scenarioFileSchema());
  }
  return validate;
}

/** The JSON the schema accepted, as the parser reads it. */
interface StepJson {
  readonly step: ScenarioStep['kind'];
  readonly delay_ms?: number;
  readonly title?: string;
  readonly event?: string;
  readonly data?: Record<string, unknown>;
  readonly variant?: ScenarioVariant;
  readonly id?: string;
  readonly of?: string;
  readonly action?: SandboxAction;
}

const ACTION_TITLES: Readonly<Record<SandboxAction, string>> = {
  take_offline: 'Take the connection offline',
  bring_online: 'Bring the connection back online',
  require_reauthorization: 'Change the credentials: the connection needs reauthorization',
  reauthorize: 'Reconnect: reauthorize the connection',
  fail_sync: 'Run a sync that fails',
  change_record: 'Change a work order',
};

/** The data a step's overrides give, checked against the type's schema over a sample. */
function dataIssues(type: EventType, data: Record<string, unknown>, pointer: string): ValidationIssue[] {
  const sample = buildEvent(type, { seed: 1 }).data as unknown as Record<string, unknown>;
  const checked = validateEventData(type, { ...sample, ...data }, pointer);
  return checked.ok ? [] : [...checked.issues];
}

function toStep(json: StepJson, index: number, ids: Set<string>, issues: ValidationIssue[]): ScenarioStep {
  const at = `/steps/${index}`;
  const delayMs = json.delay_ms ?? 0;
  switch (json.step) {
    case 'send': {
      // The schema's enum admits only catalog names and their aliases.
      const event = resolveEventType(json.event) as EventType;
      if (json.data) issues.push(...dataIssues(event, json.data, `${at}/data`));
      if (json.id !== undefined) {
        if (ids.has(json.id)) issues.push({ pointer: `${at}/id`, message: `repeats the id "${json.id}"` });
        ids.add(json.id);
      }
      return {
        kind: 'send',
        delayMs,
        title: json.title ?? `Send ${event}`,
        event,
        variant: json.variant ?? 'valid',
        ...(json.data ? { data: json.data } : {}),
        ...(json.id === undefined ? {} : { id: json.id }),
      };
    }
    case 'resend': {
      const of = json.of ?? '';
      if (!ids.has(of)) {
        issues.push({
          pointer: `${at}/of`,
          message: `names no earlier send step: give a send step "id": "${of}" before this one`,
        });
      }
      return { kind: 'resend', delayMs, title: json.title ?? `Send ${of} again`, of };
    }
    case 'sandbox': {
      const action = json.action ?? 'take_offline';
      return { kind: 'sandbox', delayMs, title: json.title ?? ACTION_TITLES[action], action };
    }
  }
}

/**
 * A scenario from parsed JSON, checked whole before anything runs: its shape, its event types,
 * its delays, its data overrides and its resend references.
 * @throws ScenarioError listing every problem with its JSON pointer.
 */
export function parseScenario(value: unknown, source: string): Scenario {
  const check = schemaValidator();
  if (!check(value)) {
    // if/then wrappers repeat the inner errors as "must match then schema": they add nothing.
    const issues = (check.errors ?? []).filter((e) => e.keyword !== 'if').map((e) => issueOf(e, '', value));
    throw new ScenarioError('invalid_scenario', source, issues);
  }
  const json = value as { name: string; description?: string; steps: StepJson[] };
  const issues: ValidationIssue[] = [];
  const ids = new Set<string>();
  const steps = json.steps.map((step, index) => toStep(step, index, ids, issues));
  if (issues.length > 0) throw new ScenarioError('invalid_scenario', source, issues);
  return { name: json.name, description: json.description ?? '', steps };
}

/**
 * A scenario from the text of a file (`source` names it in errors).
 * @throws ScenarioError for text that is not JSON, or not a valid scenario.
 */
export function parseScenarioText(text: string, source: string): Scenario {
  let value: unknown;
  try {
    value = parseJsonText(text, source);
  } catch (error) {
    if (!(error instanceof PayloadFileError)) throw error;
    throw new ScenarioError('invalid_json', source, error.issues, { cause: error });
  }
  return parseScenario(value, source);
}
