import { printfFormat, shellBytes, shellQuote } from '../text/shellWords';
import { TypedError } from '../errors';

/** A request to render: an attempt's request, or a received request to send again. */
export interface CurlRequest {
  /** Default POST. */
  readonly method?: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The body as text (sent as UTF-8) or as exact bytes. */
  readonly body: string | Uint8Array;
  /** When set, the exact bytes in base64, and `body` only a lossy reading of them. */
  readonly bodyBase64?: string;
  readonly insecure?: boolean;
  readonly timeoutMs: number;
}

/** Headers curl writes itself, from the URL and the body; a recorded copy would clash. */
const CURL_OWNS = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'expect',
]);

/** Headers curl adds unless told not to (`Name:`), so the command would send more than recorded. */
const CURL_ADDS = [
  ['accept', 'Accept'],
  ['user-agent', 'User-Agent'],
  ['content-type', 'Content-Type'],
] as const;

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** The request cannot be written as a curl command. */
export class CurlCommandError extends TypedError {
  override readonly name = 'CurlCommandError';
  readonly code = 'invalid_url';
}

function bodyBytes(request: CurlRequest): Uint8Array {
  if (request.bodyBase64 !== undefined) return Buffer.from(request.bodyBase64, 'base64');
  return typeof request.body === 'string' ? Buffer.from(request.body, 'utf8') : request.body;
}

// Node reads header values as latin1 and writes them so; the same bytes go to curl.
function headerBytes(text: string): Buffer {
  return Buffer.from(text, /[\u0100-\uffff]/.test(text) ? 'utf8' : 'latin1');
}

function headerArgs(headers: Readonly<Record<string, string>>): string[] {
  const args: string[] = [];
  const names = new Set<string>();
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    // A name that is not a token was never on the wire (Node sends and reads none) and, as
    // `@file`, would make curl read headers from a file: only a damaged record holds one.
    if (CURL_OWNS.has(lower) || !TOKEN.test(name)) continue;
    names.add(lower);
    // `Name:` would remove the header; `Name;` is curl's way to send it with an empty value.
    args.push('--header', shellBytes(headerBytes(value === '' ? `${name};` : `${name}: ${value}`)));
  }
  for (const [lower, name] of CURL_ADDS) if (!names.has(lower)) args.push('--header', shellQuote(`${name}:`));
  // curl would otherwise ask for `100 Continue` before a large body: a request not recorded.
  args.push('--header', shellQuote('Expect:'));
  return args;
}

/**
 * A command line for a POSIX shell that sends `request` with curl: the same method, URL, headers
 * and body bytes, nothing followed, nothing more. The timestamp and signature are the recorded
 * ones, so a receiver with a replay window accepts it only within that window. Redacted header
 * values stay redacted.
 *
 * The body always goes through stdin, as `printf FORMAT | curl --data-binary @- ...`: only then
 * can no body make curl read a file (`@/etc/passwd` as an argument would), can any size pass
 * (printf is a shell builtin, not bound by the 128 KiB limit of one exec argument), and can NUL,
 * bytes that are not UTF-8 and a missing final newline come out exact (a here-doc always adds
 * one), while a text body stays readable. The command is one line, free of raw control
 * characters. `-q` (first) ignores ~/.curlrc, `--globoff` keeps `[]{}` in the URL literal,
 * `--path-as-is` keeps `..` segments, `--noproxy` goes direct as the sender does.
 * @throws CurlCommandError when the URL is not http(s).
 */
export function toCurl(attempt: { readonly request: CurlRequest }): string {
  const { request } = attempt;
  // Anything else could be a curl option or, as `@file`, a list of URLs read from a file.
  if (!/^https?:\/\//i.test(request.url))
    throw new CurlCommandError(`'${request.url}' is not an http(s) URL, so there is no curl command for it.`);
  const method = request.method ?? 'POST';
  const parts = ['curl', '-q', '--silent', '--show-error', '--include', '--globoff', '--path-as-is'];
  parts.push('--noproxy', shellQuote('*'));
  parts.push('--request', /^[A-Z]+$/.test(method) ? method : shellBytes(Buffer.from(method, 'utf8')));
  if (request.insecure === true) parts.push('--insecure');
  parts.push('--max-time', String(Math.max(1, Math.ceil(request.timeoutMs / 1000))));
  parts.push(...headerArgs(request.headers));
  parts.push('--data-binary', '@-', '--url', shellBytes(Buffer.from(request.url, 'utf8')));
  return `printf ${printfFormat(bodyBytes(request))} | ${parts.join(' ')}`;
}
