import { Sandbox, SANDBOX_CREDENTIALS, type SandboxOptions } from '../../../../../src/core/sandbox/sandbox';
import { call, field } from '../sandboxHttp';

/** A running sandbox with an admin token and a way to get a connection's token. */
export interface EamHarness {
  readonly sandbox: Sandbox;
  readonly base: string;
  readonly admin: string;
  readonly tokenFor: (connectionKey: string) => Promise<string>;
  /** An online connection's key (the first one). */
  readonly connectionKey: string;
}

/** Starts a sandbox on a random loopback port; the caller stops it. */
export async function startEamSandbox(options: SandboxOptions = {}): Promise<EamHarness> {
  const sandbox = new Sandbox({ seed: 14, now: () => Date.UTC(2025, 5, 1), ...options });
  const base = await sandbox.start();
  const token = await call(base, 'POST', '/link/token', {
    body: {
      grant_type: 'client_credentials',
      client_id: SANDBOX_CREDENTIALS.clientId,
      client_secret: SANDBOX_CREDENTIALS.clientSecret,
    },
  });
  const admin = String(field(token.body, 'access_token'));
  const tokenFor = async (key: string): Promise<string> => {
    const answer = await call(base, 'POST', `/api/system/connections/${key}/token`, { token: admin });
    return String(field(answer.body, 'data', 'token'));
  };
  const connectionKey = sandbox.state.connections().find((c) => c.online)?.key ?? '';
  return { sandbox, base, admin, tokenFor, connectionKey };
}
