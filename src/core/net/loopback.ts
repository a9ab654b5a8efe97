/** Whether a host name or address is this machine's loopback (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const lower = bare.toLowerCase();
  return (
    lower === 'localhost' ||
    lower.endsWith('.localhost') ||
    lower === '::1' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(lower) ||
    /^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(lower)
  );
}

/** Whether a URL points at this machine's loopback; false for anything that is not a URL. */
export function isLoopbackUrl(url: string): boolean {
  try {
    return isLoopbackHost(new URL(url).hostname);
  } catch {
    return false;
  }
}

/**
 * The host name of a `Host` header value (`name`, `name:port`, `[v6]` or `[v6]:port`), or
 * `undefined` when the value has none of these shapes.
 */
function hostOfHeader(value: string): string | undefined {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(value.trim());
  return match?.[1];
}

export type HostHeaderVerdict = { readonly ok: true } | { readonly ok: false; readonly message: string };

/**
 * Guards a loopback-bound server against DNS rebinding: when it listens on loopback, a browser
 * page on another origin could still reach it through a name that resolves to 127.0.0.1, so
 * only loopback names are accepted in `Host`, and the names in `alsoAccepted`: a tunnel's public
 * host, which the tunnel forwards as the sender wrote it. A server bound to another address
 * accepts any.
 */
export function checkHostHeader(
  hostHeader: string | undefined,
  boundHost: string,
  alsoAccepted: readonly string[] = [],
): HostHeaderVerdict {
  if (!isLoopbackHost(boundHost)) return { ok: true };
  const name = hostHeader === undefined ? undefined : hostOfHeader(hostHeader);
  if (name !== undefined && isLoopbackHost(name)) return { ok: true };
  const lower = name?.toLowerCase();
  if (lower !== undefined && alsoAccepted.some((host) => host.toLowerCase() === lower)) return { ok: true };
  const shown = hostHeader === undefined ? 'none' : JSON.stringify(hostHeader.slice(0, 100));
  return {
    ok: false,
    message: `This server listens on loopback and answers only Host 127.0.0.1, localhost or [::1] (got ${shown}); a request naming another host may come from a web page using DNS rebinding.`,
  };
}
