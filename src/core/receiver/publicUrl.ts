import { CodedError } from '../errors';
import { PORTAL_WEBHOOKS_PATH, REQUIRES_HTTPS } from '../contract/makiniContract';

/** Where a receiver's public URL came from: a tunnel found on this machine, or the user's word. */
export type PublicUrlSource = 'ngrok' | 'manual';

/** The address Makini can send to, for a receiver that itself listens on loopback. */
export interface PublicUrl {
  /** The full webhook URL, the receiver's path included: what to paste into the portal. */
  readonly webhookUrl: string;
  /** Its host name: a tunnel forwards it unchanged, so the receiver must accept it in `Host`. */
  readonly host: string;
  readonly https: boolean;
  readonly source: PublicUrlSource;
}

export class PublicUrlError extends CodedError<'invalidPublicUrl'> {
  override readonly name = 'PublicUrlError';
}

/**
 * `value`, a public URL given by hand (`--public-url`, `makini.receiver.publicUrl`), as a URL.
 * @throws PublicUrlError when it is not an http(s) URL, saying what to give instead.
 */
export function parsePublicUrl(value: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    // Refused below, with the example.
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '')
    throw new PublicUrlError(
      'invalidPublicUrl',
      `The public URL '${value}' is not an http(s) URL; give the address your tunnel forwards to the receiver, e.g. https://abc.ngrok-free.app.`,
    );
  return url;
}

/**
 * The public webhook URL: the tunnel's address with the receiver's `path` after it, unless the
 * address given already ends with that path. Query and fragment are dropped: Makini posts to a URL.
 * @throws PublicUrlError when `base` is not an http(s) URL.
 */
export function publicWebhookUrl(base: string, path: string, source: PublicUrlSource): PublicUrl {
  const url = parsePublicUrl(base);
  const basePath = url.pathname.replace(/\/+$/, '');
  const wanted = `/${path.replace(/^\/+/, '')}`;
  url.pathname = basePath.endsWith(wanted) || wanted === '/' ? basePath || '/' : `${basePath}${wanted}`;
  url.search = '';
  url.hash = '';
  return { webhookUrl: url.toString(), host: url.hostname, https: url.protocol === 'https:', source };
}

/** The command that opens a tunnel to the receiver's port. */
export function tunnelCommand(port: number): string {
  return `ngrok http ${port}`;
}

/** Why a public URL will not do for Makini, or undefined when it will. */
export function publicUrlProblem(publicUrl: Pick<PublicUrl, 'https'>): string | undefined {
  if (publicUrl.https || !REQUIRES_HTTPS) return undefined;
  return 'it is not https: Makini requires HTTPS with a valid certificate; use the https address of your tunnel.';
}

/** Where the URL goes, as a sentence's end: "… to paste into Makini's Developer Portal > …". */
export const PASTE_INTO = `to paste into Makini's ${PORTAL_WEBHOOKS_PATH}`;
