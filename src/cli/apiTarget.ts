import { isLoopbackUrl } from '../core/net/loopback';
import { DEFAULT_BASE_URL } from '../core/api/makiniClient';
import { Sandbox, SANDBOX_CREDENTIALS, type SandboxOptions } from '../core/sandbox/sandbox';
import { type CliIo, UsageError } from './cliCommand';
import { httpUrlFlag } from './signingFlags';

/** Where to call Makini: an API and its credentials, or a built-in sandbox (`api` undefined). */
export interface ApiSource {
  readonly api?: { readonly baseUrl: string; readonly clientId: string; readonly clientSecret: string };
}

/**
 * Real credentials from the environment, the sandbox's for a local URL, or a built-in sandbox.
 * @throws UsageError for an `--api-url` that is not http(s), one credential of two, or a remote
 * URL without credentials.
 */
export function apiSourceFrom(apiUrl: string | undefined, env: NodeJS.ProcessEnv): ApiSource {
  if (apiUrl !== undefined) httpUrlFlag('api-url', apiUrl);
  const clientId = env.MAKINI_CLIENT_ID;
  const clientSecret = env.MAKINI_CLIENT_SECRET;
  if (clientId && clientSecret)
    return { api: { baseUrl: apiUrl ?? DEFAULT_BASE_URL, clientId, clientSecret } };
  if (clientId || clientSecret) {
    throw new UsageError(
      'Set both MAKINI_CLIENT_ID and MAKINI_CLIENT_SECRET (Makini dashboard > Settings > Application Settings).',
    );
  }
  if (apiUrl === undefined) return {};
  if (!isLoopbackUrl(apiUrl)) {
    throw new UsageError(`${apiUrl} needs MAKINI_CLIENT_ID and MAKINI_CLIENT_SECRET in the environment.`);
  }
  return { api: { baseUrl: apiUrl, ...SANDBOX_CREDENTIALS } };
}

export interface ApiTarget {
  readonly baseUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The built-in sandbox, to stop when done. */
  readonly sandbox?: Sandbox;
}

/** The API to call, starting a built-in sandbox (saying so on stderr) when there is none. */
export async function apiTarget(
  source: ApiSource,
  io: CliIo,
  options: SandboxOptions = {},
): Promise<ApiTarget> {
  if (source.api) return source.api;
  const sandbox = new Sandbox(options);
  const baseUrl = await sandbox.start();
  io.stderr.write(`No MAKINI_CLIENT_ID/MAKINI_CLIENT_SECRET set: using a built-in sandbox at ${baseUrl}\n`);
  return { baseUrl, ...SANDBOX_CREDENTIALS, sandbox };
}
