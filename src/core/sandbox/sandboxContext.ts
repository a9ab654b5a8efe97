import type { FaultInjector } from './faults';
import type { SandboxState } from './sandboxState';
import type { SandboxTokens } from './sandboxTokens';

/** The admin API credentials the sandbox accepts at `POST /link/token`. */
export interface SandboxCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** What the sandbox's route handlers share. */
export interface SandboxContext {
  readonly state: SandboxState;
  readonly tokens: SandboxTokens;
  readonly faults: FaultInjector;
  readonly credentials: SandboxCredentials;
  readonly adminTokenTtlSeconds: number;
  readonly connectionTokenTtlSeconds: number;
  /** The server's base URL without a trailing slash, for page links. */
  readonly baseUrl: () => string;
}
