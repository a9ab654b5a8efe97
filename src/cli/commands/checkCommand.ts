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
import { type CliCommand, ExitCode, UsageError } from '../cliCommand';
import { intOption, parseOptions } from '../parseOptions';
import { readSigningFlags, readToleranceFlag, SIGNING_OPTIONS } from '../signingFlags';

const OPTIONS = {
  to: { type: 'string' },
  ...SIGNING_OPTIONS,
  only: { type: 'string' },
  json: { type: 'boolean' },
  junit: { type: 'string' },
  'deadline-ms': { type: 'string' },
  'warn-ms': { type: 'string' },
  'tolerance-seconds': { type: 'string' },
  connection: { type: 'string' },
  insecure: { type: 'boolean' },
} as const;

function isTerminal(stream: NodeJS.WritableStream): boolean {
  return 'isTTY' in stream && stream.isTTY === true;
}

export const checkCommand: CliCommand = {
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
  ].join('\n'),
  async run(args, io) {
    const { values } = parseOptions(args, OPTIONS);
    if (values.to === undefined) throw new UsageError('--to URL is required: the webhook endpoint to check.');
    const { scheme: schemeName, secrets, signatureHeader } = readSigningFlags(values, io.env, true);
    if (values.junit === '') throw new UsageError('--junit takes a file name.');
    const toleranceSeconds = readToleranceFlag('tolerance-seconds', values['tolerance-seconds'], schemeName, {
      min: 1,
      max: 86_400,
    });
    const deadlineMs = intOption('deadline-ms', values['deadline-ms'], 10_000, 1, 600_000);
    const options: EndpointCheckOptions = {
      url: values.to,
      secrets,
      scheme: schemeName,
      ...(signatureHeader === undefined ? {} : { signatureHeader }),
      deadlineMs,
      warnMs: intOption('warn-ms', values['warn-ms'], Math.min(5_000, deadlineMs), 1, deadlineMs),
      ...(toleranceSeconds === undefined ? {} : { toleranceSeconds }),
      insecure: values.insecure === true,
      ...(values.connection === undefined ? {} : { connectionId: values.connection }),
    };
    const controller = new AbortController();
    const onInterrupt = (): void => controller.abort();
    process.once('SIGINT', onInterrupt);
    const live = values.json !== true && isTerminal(io.stderr);
    try {
      const only = values.only === undefined ? undefined : parseCheckSelection(values.only);
      const report = await runEndpointChecks(only ? { ...options, only } : options, {
        signal: controller.signal,
        onProgress: (progress) => {
          if (live && progress.kind === 'checkStarted') io.stderr.write(`  checking: ${progress.title}…\n`);
        },
      });
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
    } catch (error) {
      if (
        error instanceof EndpointCheckError ||
        error instanceof SigningSecretError ||
        error instanceof UnknownSchemeError
      ) {
        throw new UsageError(error.message);
      }
      throw error;
    } finally {
      process.removeListener('SIGINT', onInterrupt);
    }
  },
};
