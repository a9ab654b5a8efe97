import type { EventType } from '../events/catalog';

/** How a send step's webhook is made. Only `valid` for now; more variants join this list. */
export const SCENARIO_VARIANTS = ['valid'] as const;
export type ScenarioVariant = (typeof SCENARIO_VARIANTS)[number];

/** What a sandbox step does to the scenario's connection, through the sandbox's control endpoints. */
export const SANDBOX_ACTIONS = [
  'take_offline',
  'bring_online',
  'require_reauthorization',
  'reauthorize',
  'fail_sync',
  'change_record',
] as const;
export type SandboxAction = (typeof SANDBOX_ACTIONS)[number];

/** The longest wait before one step: an hour, so a typo of a few zeros is caught. */
export const MAX_STEP_DELAY_MS = 3_600_000;

interface StepBase {
  /** Milliseconds to wait after the previous step (before the speed factor). */
  readonly delayMs: number;
  /** A name for reports; a default is made from what the step does. */
  readonly title: string;
}

/** Sends one event: a sample of `event`, its `data` fields replaced by `data`. */
export interface SendStep extends StepBase {
  readonly kind: 'send';
  readonly event: EventType;
  readonly data?: Readonly<Record<string, unknown>>;
  readonly variant: ScenarioVariant;
  /** Lets a later `resend` step send this very event again (same id, same bytes). */
  readonly id?: string;
}

/** Sends again the event of an earlier send step, as a duplicate delivery would. */
export interface ResendStep extends StepBase {
  readonly kind: 'resend';
  readonly of: string;
}

/** Changes the connection's state in the sandbox, which sends its own webhooks to its target. */
export interface SandboxStep extends StepBase {
  readonly kind: 'sandbox';
  readonly action: SandboxAction;
}

export type ScenarioStep = SendStep | ResendStep | SandboxStep;
export type StepKind = ScenarioStep['kind'];
export const STEP_KINDS: readonly StepKind[] = ['send', 'resend', 'sandbox'];

/** A named, ordered list of steps. */
export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly steps: readonly ScenarioStep[];
}

/** Whether a scenario needs a sandbox to run (it has a sandbox step). */
export function needsSandbox(scenario: Scenario): boolean {
  return scenario.steps.some((step) => step.kind === 'sandbox');
}
