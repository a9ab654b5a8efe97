import { readFile } from 'node:fs/promises';
import { authForPath } from '../../core/api/apiAuth';
import { MakiniApiError, MalformedResponseError } from '../../core/api/apiErrors';
import { MakiniClient } from '../../core/api/makiniClient';
import { followPages, readListAnswer } from '../../core/api/pagePaths';
import { API_METHODS, type ApiMethod } from '../../core/api/requestRunner';
import { formatSupportReport, supportReport } from '../../core/api/supportReport';
import { errorMessage } from '../../core/errors';
import { jsonLine, terminalLines } from '../../core/text/terminalSafe';
import { apiSourceFrom, apiTarget, type ApiSource } from '../apiTarget';
import { type CliIo, ExitCode, UsageError } from '../cliCommand';
import { defineCommand } from '../defineCommand';
import { booleanFlags, stringFlags } from '../parseOptions';

const OPTIONS = {
  ...stringFlags('api-url', 'connection', 'data'),
  query: { type: 'string', multiple: true },
  ...booleanFlags('all-pages', 'json'),
} as const;

/** The built-in sandbox is the same every run, so the keys it lists can be named in the next call. */
const BUILT_IN_SEED = 1;

interface Plan {
  readonly method: ApiMethod;
  /** Path and query. */
  readonly path: string;
  readonly connection?: string;
  readonly body?: unknown;
  readonly allPages: boolean;
  readonly json: boolean;
  readonly source: ApiSource;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** @throws UsageError when the file cannot be read or is not JSON. */
async function readBody(file: string): Promise<unknown> {
  let text: string;
  try {
    text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`--data: cannot read '${file}': ${errorMessage(error)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(
      `--data: ${file === '-' ? 'stdin' : `'${file}'`} is not JSON (${errorMessage(error)}).`,
    );
  }
}

/** @throws UsageError for a method Makini does not use. */
function methodOf(value: string | undefined): ApiMethod {
  const found = API_METHODS.find((m) => m === value?.toUpperCase());
  if (!found)
    throw new UsageError(`the method must be one of ${API_METHODS.join(', ')}, got '${value ?? ''}'.`);
  return found;
}

/** The path with each `--query k=v` added. @throws UsageError for a path or a query that is not one. */
function pathOf(value: string | undefined, queries: readonly string[]): string {
  if (value === undefined || !value.startsWith('/')) {
    throw new UsageError(
      `the path must start with /, as /api/system/connections does; got '${value ?? ''}'.`,
    );
  }
  const url = new URL(value, 'http://base.invalid');
  for (const query of queries) {
    const at = query.indexOf('=');
    if (at < 1) throw new UsageError(`--query takes name=value, got '${query}'.`);
    url.searchParams.append(query.slice(0, at), query.slice(at + 1));
  }
  return `${url.pathname}${url.search}`;
}

function bodyText(body: unknown, json: boolean): string {
  if (body === undefined) return '';
  return json ? jsonLine(body) : `${JSON.stringify(body, null, 2)}\n`;
}

/** Every page's records: one JSON line each with --json, else one `{data: [...]}` document. */
async function allPages(client: MakiniClient, plan: Plan, io: CliIo): Promise<void> {
  const all: unknown[] = [];
  const read = async (
    path: string,
  ): Promise<ReturnType<typeof readListAnswer>['position'] & { data: readonly unknown[] }> => {
    const answer = await client.call({ method: 'GET', path, connectionId: plan.connection });
    const list = readListAnswer(answer.body);
    return { ...list.position, data: list.data };
  };
  const samePath = (link: string): string => {
    const url = new URL(link, client.baseUrl);
    return `${url.pathname}${url.search}`;
  };
  for await (const page of followPages(plan.path, read, samePath)) {
    if (plan.json) io.stdout.write(page.data.map((record) => jsonLine(record)).join(''));
    else all.push(...page.data);
  }
  if (!plan.json) io.stdout.write(`${JSON.stringify({ data: all }, null, 2)}\n`);
}

function failure(error: unknown, json: boolean): string {
  if (json && MakiniApiError.is(error)) {
    return jsonLine({
      error: {
        status: error.status ?? null,
        code: error.makiniCode ?? error.code,
        message: error.message,
        request_id: error.requestId ?? null,
        endpoint: error.endpoint,
      },
    });
  }
  if (MalformedResponseError.is(error))
    return `makini-devtools api: --all-pages: the answer is not a paged list (${error.message}).\n`;
  return `makini-devtools api: the call failed.\n${terminalLines(formatSupportReport(supportReport(error)))}\n`;
}

export const apiCommand = defineCommand({
  name: 'api',
  summary: 'Call any Makini API path with the right token; the answer body to stdout',
  usage: [
    'makini-devtools api <METHOD> <path> [--connection KEY] [--data FILE|-] [--query k=v]... [--all-pages] [--json] [--api-url URL]',
  ],
  options: OPTIONS,
  positionals: 2,
  flags: {
    connection: [
      'KEY',
      'the connection whose token is sent: needed by /api/eam, /api/raw, /api/passthrough and /api/integrations (default: none; system paths take the admin token)',
    ],
    data: ['FILE|-', 'the JSON request body, from a file or stdin (default: no body)'],
    query: ['k=v', 'a query parameter to add, repeatable, e.g. --query per_page=5 (default: none)'],
    'all-pages': ['', 'GET every page of a list, following its links (default: the first page only)'],
    json: [
      '',
      'compact JSON, one line (one line per record with --all-pages); errors as JSON on stderr (default: indented)',
    ],
    'api-url': [
      'URL',
      'the Makini API (default: https://api.makini.io with credentials, else a built-in sandbox)',
    ],
  },
  notes: [
    'Credentials come from MAKINI_CLIENT_ID and MAKINI_CLIENT_SECRET (never from flags). Without',
    'them, a local --api-url is called with the sandbox demo credentials, and no --api-url calls a',
    'built-in sandbox, the same every run (GET /api/system/connections lists its keys).',
    'Exit 0 on a 2xx answer, 1 on an HTTP error (its request ID on stderr) or no answer, 2 on wrong usage.',
    'Example: makini-devtools api GET /api/eam/work-orders --connection KEY --query per_page=5',
  ],
  async prepare({ values, positionals }, env): Promise<Plan> {
    const method = methodOf(positionals[0]);
    const path = pathOf(positionals[1], values.query ?? []);
    const connection = values.connection;
    if (authForPath(path) === 'connection' && connection === undefined) {
      throw new UsageError(
        `${method} ${path.split('?')[0] ?? ''} takes a connection's token: add --connection KEY (makini-devtools api GET /api/system/connections lists the keys).`,
      );
    }
    const allPages = values['all-pages'] === true;
    if (allPages && method !== 'GET') throw new UsageError('--all-pages reads lists: use it with GET.');
    if (values.data !== undefined && method === 'GET')
      throw new UsageError('--data is a request body: GET takes none.');
    const body = values.data === undefined ? undefined : await readBody(values.data);
    return {
      method,
      path,
      connection,
      body,
      allPages,
      json: values.json === true,
      source: apiSourceFrom(values['api-url'], env),
    };
  },
  async run(plan, io) {
    const where = await apiTarget(plan.source, io, { seed: BUILT_IN_SEED });
    const client = new MakiniClient({
      baseUrl: where.baseUrl,
      clientId: where.clientId,
      clientSecret: where.clientSecret,
    });
    try {
      if (plan.allPages) {
        await allPages(client, plan, io);
      } else {
        const answer = await client.call({
          method: plan.method,
          path: plan.path,
          body: plan.body,
          connectionId: plan.connection,
        });
        io.stdout.write(bodyText(answer.body, plan.json));
      }
      return ExitCode.ok;
    } catch (error) {
      io.stderr.write(failure(error, plan.json));
      return ExitCode.failed;
    } finally {
      client.dispose();
      await where.sandbox?.stop();
    }
  },
});
