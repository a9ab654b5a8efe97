import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultInjector } from './faults';
import type { LinkGrants } from './linkGrants';
import type { SandboxData } from './openapi/sandboxData';
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
  /** Makini Link's consent forms, authorization codes and refresh tokens. */
  readonly link: LinkGrants;
  readonly credentials: SandboxCredentials;
  /** How long the access tokens `POST /link/token` answers last, for every grant. */
  readonly adminTokenTtlSeconds: number;
  readonly connectionTokenTtlSeconds: number;
  /** Every connection's EAM data (and metadata). */
  readonly data: SandboxData;
  readonly now: () => number;
  /** The server's base URL without a trailing slash, for page links. */
  readonly baseUrl: () => string;
}

/** One request to the sandbox, as the route handlers get it. */
export interface SandboxCall {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  /** The `x-request-id` every answer to it carries. */
  readonly requestId: string;
}
