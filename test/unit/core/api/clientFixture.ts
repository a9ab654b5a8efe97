import { MakiniClient, type MakiniClientOptions } from '../../../../src/core/api/makiniClient';
import { Sandbox, SANDBOX_CREDENTIALS, type SandboxOptions } from '../../../../src/core/sandbox/sandbox';

/** A running sandbox, a client on it, and what the client did (requests answered, waits asked). */
export interface ClientFixture {
  readonly sandbox: Sandbox;
  readonly client: MakiniClient;
  /** `METHOD /path` of every request the sandbox answered, with its status. */
  readonly requests: { readonly line: string; readonly status: number; readonly requestId: string }[];
  /** Every wait the client asked for between retries, in ms (recorded, not waited). */
  readonly sleeps: number[];
  count(line: string): number;
  stop(): Promise<void>;
}

export async function startClientFixture(
  client: Partial<MakiniClientOptions> = {},
  sandboxOptions: SandboxOptions = {},
): Promise<ClientFixture> {
  const sandbox = new Sandbox({ seed: 11, ...sandboxOptions });
  const url = await sandbox.start();
  const requests: ClientFixture['requests'] = [];
  sandbox.onEvent((e) => {
    if (e.type === 'request') {
      requests.push({
        line: `${e.request.method} ${e.request.path}`,
        status: e.request.status,
        requestId: e.request.requestId,
      });
    }
  });
  const sleeps: number[] = [];
  const makini = new MakiniClient({
    baseUrl: url,
    clientId: SANDBOX_CREDENTIALS.clientId,
    clientSecret: SANDBOX_CREDENTIALS.clientSecret,
    timeoutMs: 2000,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve(true);
    },
    ...client,
  });
  return {
    sandbox,
    client: makini,
    requests,
    sleeps,
    count: (line) => requests.filter((r) => r.line === line).length,
    async stop() {
      makini.dispose();
      await sandbox.stop();
    },
  };
}
