import { USER_AGENT } from '../version';

/** `makini-devtools/`: how every request this product sends names itself, whatever its version. */
const OWN_AGENT_PREFIX = USER_AGENT.slice(0, USER_AGENT.indexOf('/') + 1);

/**
 * Whether a request came from this product (a test webhook, `trigger`, the sandbox, a check):
 * they all send its user agent. Anything else reached the receiver from elsewhere, such as
 * Makini through a tunnel.
 */
export function sentByDevTools(headers: Readonly<Record<string, string>>): boolean {
  return (headers['user-agent'] ?? '').startsWith(OWN_AGENT_PREFIX);
}
