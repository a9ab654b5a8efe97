import { buildEvent, type EventDataByType } from '../events/catalog';
import type { Webhook } from '../events/envelope';
import { sampleRandom } from '../events/sampleRandom';
import { buildWebhook } from '../events/webhookBuilder';
import { CodedError, errorMessage } from '../errors';
import type { DeliveryRecord } from '../sender/deliveryRecord';
import type { RetryOptions } from '../sender/retrySchedule';
import { SenderError, type WebhookSender } from '../sender/webhookSender';
import { parseHttpUrl } from '../net/httpUrl';
import type { SignatureScheme } from '../signing/signatureScheme';
import { abortableDelay } from '../timing/abortableDelay';
import {
  needsSandbox,
  type SandboxAction,
  type Scenario,
  type ScenarioStep,
  type SendStep,
} from './scenario';

/** Does a sandbox step's action to a connection of a running sandbox. */
export interface ScenarioSandbox {
  /** @throws any error: the step fails with its message. */
  apply(action: SandboxAction, connectionKey: string): Promise<void>;
}

/** Where and how the webhooks of a run are sent. */
export interface ScenarioTarget {
  readonly url: string;
  readonly scheme: SignatureScheme;
  readonly secrets: readonly string[];
  readonly headers?: Readonly<Record<string, string>>;
  readonly insecure?: boolean;
  readonly timeoutMs?: number;
  readonly retry?: RetryOptions;
}

export interface ScenarioRunOptions {
  readonly sender: WebhookSender;
  readonly target: ScenarioTarget;
  /** Delays are divided by this: 10 runs ten times faster (default 1). */
  readonly speed?: number;
  /** The connection every event is about, and the sandbox's connection (default: a sample key). */
  readonly connectionId?: string;
  /** Needed by scenarios with sandbox steps. */
  readonly sandbox?: ScenarioSandbox;
  readonly signal?: AbortSignal;
  /** Announces each step as it starts and as it ends, for progress. */
  readonly onStep?: (progress: StepProgress) => void;
  /** How a delay is waited (tests record them); resolves false when cancelled. */
  readonly wait?: (ms: number, signal: AbortSignal | undefined) => Promise<boolean>;
}

export type StepStatus = 'passed' | 'failed' | 'cancelled';

export interface StepResult {
  /** 0-based, as in the file's `/steps/N`. */
  readonly index: number;
  readonly step: ScenarioStep;
  readonly status: StepStatus;
  /** The wait before the step, after the speed factor. */
  readonly waitedMs: number;
  readonly durationMs: number;
  /** The step's deliveries (send and resend steps). */
  readonly deliveries: readonly DeliveryRecord[];
  /** Why a step failed (a delivery not delivered, or the sandbox's answer). */
  readonly failure?: string;
}

export type StepProgress =
  | { readonly phase: 'started'; readonly index: number; readonly step: ScenarioStep; readonly of: number }
  | { readonly phase: 'finished'; readonly result: StepResult; readonly of: number };

export interface ScenarioRun {
  readonly scenario: Scenario;
  readonly url: string;
  readonly connectionId: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly steps: readonly StepResult[];
  readonly cancelled: boolean;
  /** Every step passed (none failed, none cancelled). */
  readonly passed: boolean;
}

export type ScenarioRunErrorCode = 'invalid_options' | 'needs_sandbox';

/** A run that cannot start: nothing was sent. */
export class ScenarioRunError extends CodedError<ScenarioRunErrorCode> {
  override readonly name = 'ScenarioRunError';
}

/** A send step's webhook: a fresh sample, its data fields replaced by the step's (checked when parsed). */
function webhookOf(step: SendStep, connectionId: string): Webhook {
  if (!step.data) return buildWebhook(step.event, { connectionId });
  const sample = buildEvent(step.event, { connectionId }).data as unknown as Record<string, unknown>;
  const data = { ...sample, ...step.data } as unknown as EventDataByType[typeof step.event];
  return buildWebhook(step.event, { connectionId, data });
}

/**
 * Refuses a target no step could send to, before the first step runs.
 * @throws SenderError for a URL that is not http(s); SigningSecretError for unusable secrets.
 */
function checkTarget(target: ScenarioTarget): void {
  parseHttpUrl(
    target.url,
    { example: 'http://127.0.0.1:4000/webhooks', subject: 'Webhooks go over' },
    (message, options) => new SenderError('invalid_url', message, options),
  );
  target.scheme.sign({ id: 'evt_check', timestamp: 0, body: Buffer.from('{}'), secrets: target.secrets });
}

function failureOf(deliveries: readonly DeliveryRecord[]): string | undefined {
  const failed = deliveries.find((d) => d.status !== 'delivered');
  if (!failed) return undefined;
  const last = failed.attempts.at(-1);
  const answer = last?.response ? `HTTP ${last.response.status}` : (last?.error?.message ?? 'no attempt');
  return `${failed.eventType} ${failed.eventId} was ${failed.status} (${answer})`;
}

/** What every step of one run shares. */
interface RunContext {
  readonly options: ScenarioRunOptions;
  readonly connectionId: string;
  /** The events of send steps with an id, for resend steps. */
  readonly sent: Map<string, Webhook>;
}

function sendEvent({ options }: RunContext, event: Webhook): Promise<DeliveryRecord[]> {
  const { target, signal } = options;
  return options.sender.send({
    url: target.url,
    event,
    // The exact bytes, so a resend is byte for byte the first delivery.
    body: Buffer.from(JSON.stringify(event.payload)),
    scheme: target.scheme,
    secrets: target.secrets,
    ...(target.headers ? { headers: target.headers } : {}),
    ...(target.insecure ? { insecure: true } : {}),
    ...(target.timeoutMs === undefined ? {} : { timeoutMs: target.timeoutMs }),
    ...(target.retry ? { retry: target.retry } : {}),
    ...(signal ? { signal } : {}),
  });
}

/** Does one step; resolves to its deliveries and why it failed, if it did. */
async function doStep(
  context: RunContext,
  step: ScenarioStep,
): Promise<{ deliveries: DeliveryRecord[]; failure?: string }> {
  try {
    if (step.kind === 'sandbox') {
      await context.options.sandbox?.apply(step.action, context.connectionId);
      return { deliveries: [] };
    }
    const event = step.kind === 'send' ? webhookOf(step, context.connectionId) : context.sent.get(step.of);
    // The parser refused a resend of no earlier step; one whose step failed to build leaves none.
    if (!event) return { deliveries: [], failure: 'The step it sends again sent nothing.' };
    if (step.kind === 'send' && step.id !== undefined) context.sent.set(step.id, event);
    const deliveries = await sendEvent(context, event);
    const failure = failureOf(deliveries);
    return { deliveries, ...(failure === undefined ? {} : { failure }) };
  } catch (error) {
    return { deliveries: [], failure: errorMessage(error) };
  }
}

/**
 * Refuses what cannot run before anything is sent.
 * @throws ScenarioRunError, SenderError, SigningSecretError.
 */
function checkRun(scenario: Scenario, options: ScenarioRunOptions): number {
  const speed = options.speed ?? 1;
  if (!(speed > 0 && Number.isFinite(speed)))
    throw new ScenarioRunError('invalid_options', `The speed must be a number > 0, got ${speed}.`);
  if (needsSandbox(scenario) && !options.sandbox) {
    throw new ScenarioRunError(
      'needs_sandbox',
      `Scenario ${scenario.name} has sandbox steps: run it against a running sandbox.`,
    );
  }
  checkTarget(options.target);
  return speed;
}

/**
 * Runs `scenario`'s steps in order, each after its delay divided by `speed`, sending through the
 * shared sender. A failed step does not stop the run; cancelling does (the steps left are cancelled).
 * @throws ScenarioRunError before anything is sent, for a bad speed or a sandbox step without a sandbox.
 * @throws SenderError, SigningSecretError before anything is sent, for a bad URL or unusable secrets.
 */
export async function runScenario(scenario: Scenario, options: ScenarioRunOptions): Promise<ScenarioRun> {
  const speed = checkRun(scenario, options);
  const { signal } = options;
  const wait = options.wait ?? abortableDelay;
  const context: RunContext = {
    options,
    connectionId: options.connectionId ?? sampleRandom().key(),
    sent: new Map(),
  };
  const steps: StepResult[] = [];
  const startedAt = new Date();
  const of = scenario.steps.length;
  for (const [index, step] of scenario.steps.entries()) {
    const waitedMs = step.delayMs / speed;
    if (signal?.aborted || !(await wait(waitedMs, signal))) {
      steps.push({ index, step, status: 'cancelled', waitedMs, durationMs: 0, deliveries: [] });
      continue;
    }
    options.onStep?.({ phase: 'started', index, step, of });
    const begun = performance.now();
    const { deliveries, failure } = await doStep(context, step);
    const result: StepResult = {
      index,
      step,
      status: signal?.aborted ? 'cancelled' : failure === undefined ? 'passed' : 'failed',
      waitedMs,
      durationMs: performance.now() - begun,
      deliveries,
      ...(failure === undefined ? {} : { failure }),
    };
    steps.push(result);
    options.onStep?.({ phase: 'finished', result, of });
  }
  return {
    scenario,
    url: options.target.url,
    connectionId: context.connectionId,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    steps,
    cancelled: steps.some((s) => s.status === 'cancelled'),
    passed: steps.every((s) => s.status === 'passed'),
  };
}
