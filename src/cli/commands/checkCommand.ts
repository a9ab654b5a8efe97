import { writeFile } from 'node:fs/promises';
import { parseCheckSelection } from '../../core/checks/checkDefinitions';
import type { EndpointCheckOptions } from '../../core/checks/checkOptions';
import { EndpointCheckError } from '../../core/checks/endpointCheckError';
import { renderJsonLines } from '../../core/checks/jsonLinesReport';
import { renderJunit } from '../../core/checks/junitReport';
import { runEndpointChecks } from '../../core/checks/runEndpointChecks';
import { renderTextReport } from '../../core/checks/textReport';
import { errorMessage } from '../../core/errors';
import { UnknownSchemeError } from '../../core/signing/schemes';
import { SigningSecretError } from '../../core/signing/signatureScheme';
import { type CliIo, ExitCode, UsageError } from '../cliCommand';
import { defineCommand } from '../defineCommand';
import { booleanFlags, intOption, type ParsedOptions, stringFlags } from '../parseOptions';
import { readTargetFlags, readToleranceFlag, TARGET_OPTIONS } from '../signingFlags';
import { abortOnInterrupt } from '../untilSignal';

const OPTIONS = {
  ...TARGET_OPTIONS,
  ...stringFlags('only', 'junit', 'deadline-ms', 'warn-ms', 'tolerance-seconds', 'connection'),
  ...booleanFlags('json', 'insecure'),
} as const;

function isTerminal(stream: NodeJS.WritableStream): boolean {
  return 'isTTY' in stream && stream.isTTY === true;
}

/** The checks' options from the flags (and the secret from the environment). */
function checkOptions(values: ParsedOptions<typeof OPTIONS>['values'], io: CliIo): EndpointCheckOptions {
  const { url, scheme, secrets, signatureHeader } = readTargetFlags(
    values,
    io.env,
    'the webhook endpoint to check',
  );
  if (values.junit === '') throw new UsageError('--junit takes a file name.');
  const toleranceSeconds = readToleranceFlag('tolerance-seconds', values['tolerance-seconds'], scheme, {
    min: 1,
    max: 86_400,
  });
  const deadlineMs = intOption('deadline-ms', values['deadline-ms'], 10_000, 1, 600_000);
  return {
    url,
    secrets,
    scheme,
    ...(signatureHeader === undefined ? {} : { signatureHeader }),
    deadlineMs,
    warnMs: intOption('warn-ms', values['warn-ms'], Math.min(5_000, deadlineMs), 1, deadlineMs),
    ...(toleranceSeconds === undefined ? {} : { toleranceSeconds }),
    insecure: values.insecure === true,
    ...(values.connection === undefined ? {} : { connectionId: values.connection }),
  };
}

export const checkCommand = defineCommand({
  name: 'check',
  summary: "Check your webhook endpoint against Makini's checklist (signatures, deadline, retries, ...)",
  usage: [
    'makini-devtools check --to URL [--secret S]... [--scheme makini|standard]',
    '    [--signature-header NAME] [--only ID,...] [--json] [--junit FILE]',
    '    [--deadline-ms MS] [--warn-ms MS] [--tolerance-seconds S] [--connection ID] [--insecure]',
    '--tolerance-seconds applies to the standard scheme only (the makini scheme signs no timestamp).',
    'The secret may come from MAKINI_WEBHOOK_SECRET instead of --secret.',
    '--only takes check numbers, ranges or ids, e.g. 1,3-5,no-redirects.',
    'Exit status: 0 when no check failed (warnings allowed), 1 when one did, 2 for wrong usage.',
  ],
  options: OPTIONS,
  usageErrors: [EndpointCheckError, SigningSecretError, UnknownSchemeError],
  async run({ values }, io) {
    const options = checkOptions(values, io);
    const live = values.json !== true && isTerminal(io.stderr);
    const only = values.only === undefined ? undefined : parseCheckSelection(values.only);
    const report = await abortOnInterrupt((signal) =>
      runEndpointChecks(only ? { ...options, only } : options, {
        signal,
        onProgress: (progress) => {
          if (live && progress.kind === 'checkStarted') io.stderr.write(`  checking: ${progress.title}…\n`);
        },
      }),
    );
    io.stdout.write(values.json ? renderJsonLines(report) : renderTextReport(report));
    if (values.junit !== undefined) {
      try {
        await writeFile(values.junit, renderJunit(report));
      } catch (error) {
        io.stderr.write(
          `makini-devtools check: cannot write --junit ${values.junit}: ${errorMessage(error)}\n`,
        );
        return ExitCode.failed;
      }
    }
    return report.passed ? ExitCode.ok : ExitCode.failed;
  },
});
