import { writeFile } from 'node:fs/promises';
import { MakiniClient } from '../../core/api/makiniClient';
import { SandboxControl } from '../../core/api/sandboxControl';
import { errorMessage } from '../../core/errors';
import { SANDBOX_CREDENTIALS } from '../../core/sandbox/sandbox';
import { ScenarioError } from '../../core/scenarios/parseScenario';
import { needsSandbox, type Scenario } from '../../core/scenarios/scenario';
import { allScenarios, findScenario, ScenarioNotFoundError } from '../../core/scenarios/scenarioFiles';
import { renderScenarioJunit } from '../../core/scenarios/scenarioJunit';
import {
  runScenario,
  type ScenarioRun,
  ScenarioRunError,
  type StepResult,
} from '../../core/scenarios/scenarioRunner';
import { sandboxSteps } from '../../core/scenarios/sandboxSteps';
import { WebhookSender } from '../../core/sender/webhookSender';
import { getScheme } from '../../core/signing/schemes';
import { jsonLine, terminalSafe } from '../../core/text/terminalSafe';
import { type CliIo, ExitCode, UsageError } from '../cliCommand';
import { defineCommand } from '../defineCommand';
import { booleanFlags, intOption, type ParsedOptions, stringFlags } from '../parseOptions';
import {
  httpUrlFlag,
  readTargetFlags,
  SIGNING_FLAG_HELP,
  TARGET_OPTIONS,
  warnOfSecretFlag,
} from '../signingFlags';
import { abortOnInterrupt } from '../untilSignal';
import { junitFile } from './checkCommand';

const OPTIONS = {
  ...TARGET_OPTIONS,
  ...stringFlags('workspace', 'speed', 'junit', 'connection', 'sandbox-url', 'max-attempts', 'timeout-ms'),
  ...booleanFlags('insecure', 'json'),
} as const;

const MAX_SPEED = 10_000;

/** `--speed N`: a number > 0 (fractions slow a run down). */
function speedFlag(value: string | undefined): number {
  if (value === undefined) return 1;
  const speed = Number(value);
  if (!(value.trim() !== '' && speed > 0 && speed <= MAX_SPEED))
    throw new UsageError(
      `--speed takes a number > 0 and <= ${MAX_SPEED} (10 runs ten times faster), got '${value}'.`,
    );
  return speed;
}

/** The sandbox steps' connection: `--sandbox-url` and `--connection`, both or neither. */
function sandboxFlags(scenario: Scenario, values: ParsedOptions<typeof OPTIONS>['values']) {
  const url = values['sandbox-url'];
  if (!needsSandbox(scenario)) {
    if (url !== undefined)
      throw new UsageError(`--sandbox-url: scenario ${scenario.name} has no sandbox step.`);
    return undefined;
  }
  if (url === undefined || values.connection === undefined) {
    throw new UsageError(
      `Scenario ${scenario.name} has sandbox steps: give --sandbox-url URL (makini-devtools sandbox prints it) and --connection KEY (one of its connections).`,
    );
  }
  return { url: httpUrlFlag('sandbox-url', url), connection: values.connection };
}

async function prepareScenario(
  { values, positionals }: ParsedOptions<typeof OPTIONS>,
  env: NodeJS.ProcessEnv,
) {
  const [action, name] = positionals;
  if (values.workspace === '') throw new UsageError('--workspace takes a folder.');
  const root = values.workspace ?? process.cwd();
  if (action === 'list') {
    if (name !== undefined) throw new UsageError('scenario list takes no name.');
    return { action: 'list' as const, entries: await allScenarios(root), json: values.json === true };
  }
  if (action !== 'run')
    throw new UsageError(`Give a subcommand: list, or run <name|file>; got '${action ?? ''}'.`);
  if (name === undefined)
    throw new UsageError('scenario run takes a scenario name or file: see makini-devtools scenario list.');
  const { scenario, source } = await findScenario(name, root);
  const target = readTargetFlags(values, env, 'the endpoint the scenario tests');
  return {
    action: 'run' as const,
    scenario,
    source,
    target,
    sandbox: sandboxFlags(scenario, values),
    connection: values.connection,
    speed: speedFlag(values.speed),
    maxAttempts: intOption('max-attempts', values['max-attempts'], 1, 1, 100),
    timeoutMs: intOption('timeout-ms', values['timeout-ms'], 10_000, 1, 600_000),
    insecure: values.insecure === true,
    json: values.json === true,
    junit: junitFile(values.junit),
  };
}

type Plan = Awaited<ReturnType<typeof prepareScenario>>;

function writeList(io: CliIo, plan: Extract<Plan, { action: 'list' }>): number {
  for (const { scenario, source } of plan.entries) {
    if (plan.json) {
      const { name, description, steps } = scenario;
      io.stdout.write(jsonLine({ name, description, steps: steps.length, source }));
    } else {
      const where = source === 'built-in' ? '' : `  (${terminalSafe(source)})`;
      io.stdout.write(
        `${terminalSafe(scenario.name).padEnd(24)}  ${terminalSafe(scenario.description)}${where}\n`,
      );
    }
  }
  return ExitCode.ok;
}

/** `  2. Title  sync.failed evt_…  delivered (200)  12 ms`, or the step's failure. */
function stepLine(result: StepResult): string {
  const sent = result.deliveries
    .map(
      (d) =>
        `${d.eventType} ${terminalSafe(d.eventId)} ${d.status}${d.attempts.at(-1)?.response ? ` (${d.attempts.at(-1)?.response?.status})` : ''}`,
    )
    .join(', ');
  // A failure names its delivery already.
  if (result.status === 'failed')
    return `  ${result.index + 1}. ${terminalSafe(result.step.title)}  FAILED: ${terminalSafe(result.failure ?? '')}  ${Math.round(result.durationMs)} ms\n`;
  const what = result.status;
  return `  ${result.index + 1}. ${terminalSafe(result.step.title)}  ${sent ? `${sent}  ` : ''}${what}  ${Math.round(result.durationMs)} ms\n`;
}

function stepJson(result: StepResult): string {
  return jsonLine({
    event: 'step',
    step: result.index + 1,
    kind: result.step.kind,
    title: result.step.title,
    status: result.status,
    deliveries: result.deliveries.map((d) => ({
      id: d.id,
      event_id: d.eventId,
      type: d.eventType,
      status: d.status,
      ...(d.attempts.at(-1)?.response ? { http_status: d.attempts.at(-1)?.response?.status } : {}),
    })),
    ...(result.failure === undefined ? {} : { failure: result.failure }),
  });
}

function writeSummary(io: CliIo, json: boolean, run: ScenarioRun): void {
  const failed = run.steps.filter((s) => s.status === 'failed').length;
  const cancelled = run.steps.filter((s) => s.status === 'cancelled').length;
  const name = run.scenario.name;
  if (json) {
    const steps = run.steps.length;
    io.stdout.write(
      jsonLine({ event: 'result', scenario: name, passed: run.passed, steps, failed, cancelled }),
    );
    return;
  }
  const passed = run.steps.length - failed - cancelled;
  const tail = cancelled ? `, ${cancelled} cancelled` : '';
  io.stdout.write(`Scenario ${terminalSafe(name)}: ${passed} passed, ${failed} failed${tail}\n`);
}

async function runPlan(io: CliIo, plan: Extract<Plan, { action: 'run' }>): Promise<number> {
  const { scenario, target, json } = plan;
  warnOfSecretFlag(io, target.secretFromFlag);
  if (!json) {
    io.stdout.write(
      `Running scenario ${terminalSafe(scenario.name)} (${scenario.steps.length} steps) against ${terminalSafe(target.url)}, speed ${plan.speed}x\n`,
    );
  }
  const sender = new WebhookSender();
  const control = plan.sandbox
    ? new SandboxControl(new MakiniClient({ baseUrl: plan.sandbox.url, ...SANDBOX_CREDENTIALS }))
    : undefined;
  try {
    const run = await abortOnInterrupt((signal) =>
      runScenario(scenario, {
        sender,
        target: {
          url: target.url,
          scheme: getScheme(target.scheme, {
            signatureHeader: target.signatureHeader,
            encoding: target.encoding,
          }),
          secrets: target.secrets,
          insecure: plan.insecure,
          timeoutMs: plan.timeoutMs,
          retry: { maxAttempts: plan.maxAttempts },
        },
        speed: plan.speed,
        signal,
        ...(plan.connection === undefined ? {} : { connectionId: plan.connection }),
        ...(control ? { sandbox: sandboxSteps(control) } : {}),
        onStep: (progress) => {
          if (progress.phase === 'finished')
            io.stdout.write(json ? stepJson(progress.result) : stepLine(progress.result));
        },
      }),
    );
    writeSummary(io, json, run);
    if (plan.junit !== undefined) {
      try {
        await writeFile(plan.junit, renderScenarioJunit(run));
      } catch (error) {
        io.stderr.write(
          `makini-devtools scenario: cannot write --junit ${plan.junit}: ${errorMessage(error)}\n`,
        );
        return ExitCode.failed;
      }
    }
    return run.passed ? ExitCode.ok : ExitCode.failed;
  } finally {
    await sender.dispose();
  }
}

export const scenarioCommand = defineCommand({
  name: 'scenario',
  summary: 'List scenarios, or run one (a sequence of webhooks) against an endpoint as a test',
  usage: [
    'makini-devtools scenario list [--workspace DIR] [--json]',
    'makini-devtools scenario run <name|file> --to URL [--workspace DIR] [--secret S]... [--scheme makini|standard]',
    '    [--signature-header NAME] [--encoding base64|hex] [--speed N] [--connection ID]',
    '    [--sandbox-url URL] [--max-attempts N] [--timeout-ms MS] [--insecure] [--json] [--junit FILE]',
  ],
  options: OPTIONS,
  flags: {
    to: ['URL', 'the endpoint, a full http(s) URL (required for run)'],
    workspace: [
      'DIR',
      'the folder whose .makini/scenarios/*.json are listed and run by name (default: the current folder)',
    ],
    ...SIGNING_FLAG_HELP,
    speed: ['N', 'divide every delay by N: 10 runs ten times faster (default: 1)'],
    connection: [
      'ID',
      'the connection every event is about, and the sandbox steps act on (default: a sample key)',
    ],
    'sandbox-url': ['URL', 'the running sandbox that sandbox steps change (default: none; needed by them)'],
    'max-attempts': ['N', 'attempts per delivery, the first included (default: 1: a refusal fails its step)'],
    'timeout-ms': ['MS', "how long each attempt waits for an answer (default: 10000, Makini's deadline)"],
    insecure: ['', 'accept any TLS certificate, for a local self-signed one (default: off)'],
    json: ['', 'one JSON object per line: each scenario, or each step then the result (default: text)'],
    junit: ['FILE', 'also write a JUnit XML report there, one test case per step, for CI (default: none)'],
  },
  notes: [
    'A name is a built-in or a workspace scenario (.makini/scenarios/*.json under --workspace); a path ending in .json is read as a scenario file.',
    'Exit status: 0 when every step succeeded, 1 when one failed or the run was interrupted, 2 for wrong usage (a scenario file that is not valid included: nothing is sent).',
  ],
  positionals: 2,
  usageErrors: [ScenarioError, ScenarioNotFoundError, ScenarioRunError],
  prepare: prepareScenario,
  run: (plan, io) => (plan.action === 'list' ? writeList(io, plan) : runPlan(io, plan)),
});
