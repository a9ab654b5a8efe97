import * as http from 'node:http';
import * as https from 'node:https';
import { errorMessage } from '../errors';
import { isLoopbackHost } from './loopback';

/**
 * A running ngrok agent's tunnels, read from its local API (`GET /api/tunnels`, documented as
 * `{"tunnels": [{"name", "public_url", "proto", "config": {"addr", "inspect"}}], "uri"}`).
 */
export interface NgrokTunnel {
  readonly name: string;
  /** Where the world reaches the tunnel, e.g. `https://abc.ngrok-free.app`. */
  readonly publicUrl: string;
  /** What the agent forwards to: `8787`, `localhost:8787`, `http://localhost:8787`… */
  readonly addr: string;
}

/** How long a look-up may take: the agent is on this machine, so a slow one is as good as absent. */
export const NGROK_LOOKUP_TIMEOUT_MS = 1500;

/** The tunnel list is a few hundred bytes per tunnel; anything past this is not an agent's answer. */
const MAX_ANSWER_BYTES = 256 * 1024;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * The http(s) tunnels of an agent's answer, or undefined when the answer is not the documented
 * shape (no `tunnels` list). Entries that lack a `public_url` or a `config.addr`, and tcp or tls
 * tunnels (which cannot take a webhook URL), are left out.
 */
export function parseNgrokTunnels(value: unknown): NgrokTunnel[] | undefined {
  if (!isRecord(value) || !Array.isArray(value.tunnels)) return undefined;
  const tunnels: NgrokTunnel[] = [];
  for (const entry of value.tunnels as unknown[]) {
    if (!isRecord(entry) || !isRecord(entry.config)) continue;
    const { public_url: publicUrl, name } = entry;
    const { addr } = entry.config;
    if (typeof publicUrl !== 'string' || !isHttpUrl(publicUrl)) continue;
    if (typeof addr !== 'string' && typeof addr !== 'number') continue;
    tunnels.push({ name: typeof name === 'string' ? name : '', publicUrl, addr: String(addr) });
  }
  return tunnels;
}

/**
 * The local port a tunnel's `addr` forwards to, when it forwards to this machine: `8787`,
 * `localhost:8787`, `127.0.0.1:8787`, `[::1]:8787`, `http://localhost:8787`, `https://…:8443`.
 * Undefined for another host, or an addr with no port (`http://localhost` is port 80).
 */
export function localPortOf(addr: string): number | undefined {
  const text = addr.trim();
  if (/^\d{1,5}$/.test(text)) return portNumber(text);
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `tcp://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return undefined;
  }
  if (!isLoopbackHost(url.hostname) && url.hostname !== '0.0.0.0') return undefined;
  if (url.port !== '') return portNumber(url.port);
  if (url.protocol === 'http:') return 80;
  if (url.protocol === 'https:') return 443;
  return undefined;
}

function portNumber(text: string): number | undefined {
  const port = Number(text);
  return port >= 1 && port <= 65_535 ? port : undefined;
}

/** The tunnel that forwards to `port` on this machine; an https one when both kinds do. */
export function tunnelForPort(tunnels: readonly NgrokTunnel[], port: number): NgrokTunnel | undefined {
  const matching = tunnels.filter((t) => localPortOf(t.addr) === port);
  return matching.find((t) => t.publicUrl.startsWith('https:')) ?? matching[0];
}

export interface NgrokLookup {
  /** The agent's tunnel list, e.g. {@link NGROK_AGENT_API_URL} from the contract module. */
  readonly apiUrl: string;
  /** The receiver's port, which the tunnel must forward to. */
  readonly port: number;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Told why nothing was found when the agent answered something unexpected. */
  readonly onDebug?: (message: string) => void;
}

/**
 * The running ngrok agent's tunnel to the receiver's port. Never throws: an agent that is not
 * running (refused, timed out) answers undefined silently, since most of the time there is none;
 * an answer that is not the documented shape answers undefined too, and is told to `onDebug`.
 */
export async function findNgrokTunnel(lookup: NgrokLookup): Promise<NgrokTunnel | undefined> {
  const answer = await getJson(lookup);
  if (answer.kind === 'unreachable') return undefined;
  if (answer.kind === 'unexpected') {
    lookup.onDebug?.(`ngrok agent at ${lookup.apiUrl}: ${answer.message}`);
    return undefined;
  }
  const tunnels = parseNgrokTunnels(answer.value);
  if (!tunnels) {
    lookup.onDebug?.(`ngrok agent at ${lookup.apiUrl}: the answer has no "tunnels" list.`);
    return undefined;
  }
  return tunnelForPort(tunnels, lookup.port);
}

type JsonAnswer =
  | { readonly kind: 'json'; readonly value: unknown }
  | { readonly kind: 'unreachable' }
  | { readonly kind: 'unexpected'; readonly message: string };

/** One GET, bounded in time and size; resolves whatever happens. */
function getJson({ apiUrl, timeoutMs = NGROK_LOOKUP_TIMEOUT_MS, signal }: NgrokLookup): Promise<JsonAnswer> {
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(apiUrl);
    } catch (error) {
      return resolve({ kind: 'unexpected', message: `not a URL (${errorMessage(error)})` });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      return resolve({ kind: 'unexpected', message: `not an http(s) URL` });
    if (signal?.aborted) return resolve({ kind: 'unreachable' });
    let settled = false;
    const finish = (answer: JsonAnswer): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      request.destroy();
      resolve(answer);
    };
    const transport = url.protocol === 'https:' ? https : http;
    const request = transport.get(url, { headers: { accept: 'application/json' }, agent: false });
    const timer = setTimeout(() => finish({ kind: 'unreachable' }), timeoutMs);
    const onAbort = (): void => finish({ kind: 'unreachable' });
    signal?.addEventListener('abort', onAbort, { once: true });
    request.on('error', () => finish({ kind: 'unreachable' }));
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_ANSWER_BYTES) finish({ kind: 'unexpected', message: 'the answer is too large.' });
        else chunks.push(chunk);
      });
      response.on('error', () => finish({ kind: 'unreachable' }));
      response.on('end', () => {
        if (response.statusCode !== 200)
          return finish({ kind: 'unexpected', message: `answered ${response.statusCode ?? '?'}.` });
        try {
          finish({ kind: 'json', value: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown });
        } catch {
          finish({ kind: 'unexpected', message: 'the answer is not JSON.' });
        }
      });
    });
  });
}
