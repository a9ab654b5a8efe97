import { accessSync, constants, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseCheckSelection } from '../../core/checks/checkDefinitions';
import { type EndpointCheckOptions, resolveCheckOptions } from '../../core/checks/checkOptions';
import { EndpointCheckError } from '../../core/checks/endpointCheckError';
import { renderJsonLines } from '../../core/checks/jsonLinesReport';
import { renderJunit } from '../../core/checks/junitReport';
import { runEndpointChecks } from '../../core/checks/runEndpointChecks';
import { renderTextReport } from '../../core/checks/textReport';
import { errorMessage } from '../../core/errors';
import { UnknownSchemeError } from '../../core/signing/schemes';
import { SigningSecretError } from '../../core/signing/signatureScheme';
import { ExitCode, UsageError } from '../cliCommand';
import { defineCommand } from '../defineCommand';
import { booleanFlags, intOption, type ParsedOptions, stringFlags } from '../parseOptions';
import {
  readTargetFlags,
  readToleranceFlag,
  SIGNING_FLAG_HELP,
  TARGET_OPTIONS,
  warnOfSecretFlag,
} from '../signingFlags';
import { abortOnInterrupt } from '../untilSignal';

const OPTIONS = {
  ...TARGET_OPTIONS,
  ...stringFlags('only', 'junit', 'deadline-ms', 'warn-ms', 'tolerance-seconds', 'connection'),
  ...booleanFlags('json', 'insecure'),
} as const;

function isTerminal(stream: NodeJS.WritableStream): boolean {
  return 'isTTY' in stream && stream.isTTY === true;
}

/**
 * `--junit FILE` when its folder exists and is writable: a run of many seconds must not end in
 * "cannot write".
 * @throws UsageError when it is empty, a folder, or in a folder that cannot be written.
 */
export function junitFile(file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  if (file === '') throw new UsageError('--junit takes a file name.');
  const dir = path.dirname(path.resolve(file));
  try {
    if (statSync(file, { throwIfNoEntry: false })?.isDirectory())
      throw new UsageError(`--junit ${file} is a folder; give a file name.`);
    accessSync(dir, constants.W_OK);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`--junit ${file}: cannot write in ${dir} (${errorMessage(error)}).`);
  }
  return file;
}

/** The checks' options from the flags (and the secret from the environment). */
function checkOptions(
  values: ParsedOptions<typeof OPTIONS>['values'],
  env: NodeJS.ProcessEnv,
): EndpointCheckOptions & { readonly secretFromFlag: boolean } {
  const { url, scheme, secrets, signatureHeader, encoding, secretFromFlag } = readTargetFlags(
    values,
    env,
    'the webhook endpoint to check',
  );
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
    ...(encoding === undefined ? {} : { encoding }),
    deadlineMs,
    warnMs: intOption('warn-ms', values['warn-ms'], Math.min(5_000, deadlineMs), 1, deadlineMs),
    ...(toleranceSeconds === undefined ? {} : { toleranceSeconds }),
    insecure: values.insecure === true,
    ...(values.connection === undefined ? {} : { connectionId: values.connection }),
    ...(values.only === undefined ? {} : { only: parseCheckSelection(values.only) }),
    secretFromFlag,
  };
}

export const checkCommand = defineCommand({
  name: 'check',
  summary: "Check your webhook endpoint against Makini's checklist (signatures, deadline, retries, ...)",
  usage: [
    'makini-devtools check --to URL [--secret S]... [--scheme makini|standard]',
    '    [--signature-header NAME] [--encoding base64|hex] [--only ID,...] [--json] [--junit FILE]',
    '    [--deadline-ms MS] [--warn-ms MS] [--tolerance-seconds S] [--connection ID] [--insecure]',
  ],
  options: OPTIONS,
  flags: {
    to: ['URL', 'your webhook endpoint, a full http(s) URL (required)'],
    ...SIGNING_FLAG_HELP,
    only: ['ID,...', 'check numbers, ranges or ids, e.g. 1,3-5,no-redirects (default: all ten)'],
    json: ['', 'one JSON object per line: each check, then the summary (default: text)'],
    junit: ['FILE', 'also write a JUnit XML report there, for CI (default: none)'],
    'deadline-ms': ['MS', "how long the endpoint has to answer (default: 10000, Makini's deadline)"],
    'warn-ms': ['MS', 'warn about answers slower than this (default: 5000, at most the deadline)'],
    'tolerance-seconds': ['S', 'the timestamp tolerance to test, standard scheme only (default: 300)'],
    connection: ['ID', 'the connection_id the test events carry (default: a sample id)'],
    insecure: ['', 'accept any TLS certificate, for a local self-signed one (default: off)'],
  },
  notes: ['Exit status: 0 when no check failed (warnings allowed), 1 when one did, 2 for wrong usage.'],
  usageErrors: [EndpointCheckError, SigningSecretError, UnknownSchemeError],
  prepare({ values }, env) {
    const { secretFromFlag, ...options } = checkOptions(values, env);
    // The same checks runEndpointChecks makes first, made here so that none is found mid-run.
    resolveCheckOptions(options);
    return { options, secretFromFlag, json: values.json === true, junit: junitFile(values.junit) };
  },
  async run({ options, secretFromFlag, json, junit }, io) {
    warnOfSecretFlag(io, secretFromFlag);
    const live = !json && isTerminal(io.stderr);
    const report = await abortOnInterrupt((signal) =>
      runEndpointChecks(options, {
        signal,
        onProgress: (progress) => {
          if (live && progress.kind === 'checkStarted') io.stderr.write(`  checking: ${progress.title}…\n`);
        },
      }),
    );
    io.stdout.write(json ? renderJsonLines(report) : renderTextReport(report));
    if (junit !== undefined) {
      try {
        await writeFile(junit, renderJunit(report));
      } catch (error) {
        io.stderr.write(`makini-devtools check: cannot write --junit ${junit}: ${errorMessage(error)}\n`);
        return ExitCode.failed;
      }
    }
    return report.passed ? ExitCode.ok : ExitCode.failed;
  },
});
