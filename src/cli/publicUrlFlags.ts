import { NGROK_AGENT_API_URL } from '../core/contract/makiniContract';
import { findNgrokTunnel } from '../core/net/ngrokAgent';
import { parseHttpUrl } from '../core/net/httpUrl';
import {
  PASTE_INTO,
  parsePublicUrl,
  type PublicUrl,
  PublicUrlError,
  publicUrlProblem,
  publicWebhookUrl,
  tunnelCommand,
} from '../core/receiver/publicUrl';
import { terminalSafe } from '../core/text/terminalSafe';
import type { CliIo } from './cliCommand';
import { UsageError } from './cliCommand';

/** `listen`'s flags for the address Makini sends to: a tunnel found, or one given. */
export const PUBLIC_URL_OPTIONS = {
  'ngrok-api': { type: 'string' },
  'public-url': { type: 'string' },
} as const;

export const PUBLIC_URL_FLAG_HELP = {
  'ngrok-api': ['URL', `where a running ngrok agent lists its tunnels (default: ${NGROK_AGENT_API_URL})`],
  'public-url': ['URL', "your tunnel's public address, when it is not ngrok's (default: ask the agent)"],
} as const;

export interface PublicUrlFlags {
  readonly ngrokApi: string;
  /** Given by hand: then the agent is not asked. */
  readonly publicUrl?: string;
}

/** @throws UsageError when either flag is not an http(s) URL, or both are given. */
export function readPublicUrlFlags(values: { 'ngrok-api'?: string; 'public-url'?: string }): PublicUrlFlags {
  if (values['ngrok-api'] !== undefined && values['public-url'] !== undefined)
    throw new UsageError('--public-url is used as given, so the agent is not asked: drop --ngrok-api.');
  const ngrokApi = values['ngrok-api'] ?? NGROK_AGENT_API_URL;
  parseHttpUrl(
    ngrokApi,
    { example: NGROK_AGENT_API_URL, subject: "--ngrok-api is ngrok's agent API, which goes over" },
    (message) => new UsageError(message),
  );
  const publicUrl = values['public-url'];
  if (publicUrl !== undefined) {
    try {
      parsePublicUrl(publicUrl);
    } catch (error) {
      if (PublicUrlError.is(error)) throw new UsageError(`--public-url: ${error.message}`);
      throw error;
    }
  }
  return { ngrokApi, ...(publicUrl === undefined ? {} : { publicUrl }) };
}

/**
 * The public webhook URL of a receiver listening on `port` at `path`: the one given, or the
 * running ngrok agent's tunnel to that port, asked once and briefly; undefined when there is none.
 */
export async function lookUpPublicUrl(
  flags: PublicUrlFlags,
  port: number,
  path: string,
): Promise<PublicUrl | undefined> {
  if (flags.publicUrl !== undefined) return publicWebhookUrl(flags.publicUrl, path, 'manual');
  const tunnel = await findNgrokTunnel({ apiUrl: flags.ngrokApi, port });
  return tunnel ? publicWebhookUrl(tunnel.publicUrl, path, 'ngrok') : undefined;
}

/**
 * Says where Makini should send: the public URL on stdout (text output only; `--json` has it in
 * its first line), a URL that is not https as a warning, and with none, how to open a tunnel.
 */
export function showPublicUrl(
  io: CliIo,
  publicUrl: PublicUrl | undefined,
  port: number,
  json: boolean,
): void {
  if (!publicUrl) {
    if (!json)
      io.stderr.write(
        `note: no public URL, so Makini cannot reach this receiver; run \`${tunnelCommand(port)}\`, or give --public-url.\n`,
      );
    return;
  }
  if (!json) io.stdout.write(`Public URL: ${terminalSafe(publicUrl.webhookUrl)} (${PASTE_INTO})\n`);
  const problem = publicUrlProblem(publicUrl);
  if (problem) io.stderr.write(`warning: the public URL ${terminalSafe(publicUrl.webhookUrl)}: ${problem}\n`);
}
