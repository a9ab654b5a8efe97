import { isLoopbackHost } from '../core/net/loopback';
import { terminalSafe } from '../core/text/terminalSafe';
import type { CliIo } from './cliCommand';
import { intOption } from './parseOptions';

/** The flags of a command that runs a local server: where it listens. */
export const LISTEN_OPTIONS = { port: { type: 'string' }, host: { type: 'string' } } as const;

/** Their `--help` lines. */
export const LISTEN_FLAG_HELP = {
  port: ['N', 'port to listen on (default: 0, a free port; the URL is printed)'],
  host: ['H', 'address to bind (default: 127.0.0.1; anything else is reachable from the network)'],
} as const;

export interface ListenFlags {
  /** 0 (the default) for a free port. */
  readonly port: number;
  /** 127.0.0.1 unless given. */
  readonly host: string;
}

/** @throws UsageError when `--port` is not a port number. */
export function readListenFlags(values: { port?: string; host?: string }): ListenFlags {
  return { port: intOption('port', values.port, 0, 0, 65_535), host: values.host ?? '127.0.0.1' };
}

/**
 * Warns on stderr when `host` is not loopback, so that other machines can reach the server;
 * `reach` says what they can then do ("can send to this receiver").
 */
export function warnWhenExposed(io: CliIo, host: string, reach: string): void {
  if (isLoopbackHost(host)) return;
  io.stderr.write(`warning: listening on ${terminalSafe(host)}: other machines on the network ${reach}.\n`);
}
