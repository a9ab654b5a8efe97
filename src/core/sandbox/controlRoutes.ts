import { parseFaultSpec, type Fault } from './faults';
import { sendJson } from './apiAnswer';
import { HttpProblem } from './httpProblem';
import { decodeSegment, readRequestFields, stringField } from './requestInput';
import type { SandboxCall, SandboxContext } from './sandboxContext';
import type { SyncOutcome } from './sandboxModels';

/** What the control endpoints need beyond the shared context. */
export interface ControlHooks {
  /** The sandbox's state as `GET /_sandbox/state` shows it. */
  snapshot(): unknown;
  /** The webhook deliveries made so far. */
  deliveries(): unknown;
}

const OUTCOMES: readonly SyncOutcome[] = ['done', 'fulldone', 'error', 'fail'];

/** One control endpoint, as `GET /_sandbox/` lists it. */
export interface ControlEndpoint {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  /** The JSON body it takes (writes also accept PUT); absent for reads and bodiless writes. */
  readonly body?: string;
  readonly description: string;
}

/** Every control endpoint, in the order the README's table gives them. */
export const CONTROL_ENDPOINTS: readonly ControlEndpoint[] = [
  { method: 'GET', path: '/_sandbox/', description: 'This list.' },
  {
    method: 'GET',
    path: '/_sandbox/state',
    description: 'The connections, the fault plan and the number of webhook deliveries, as they are now.',
  },
  { method: 'GET', path: '/_sandbox/deliveries', description: 'The webhook deliveries made so far.' },
  {
    method: 'POST',
    path: '/_sandbox/faults',
    body: '{"spec"?: "500=0.1,latency=200", "queue"?: [{"kind": "rate_limited", "retry_after"?: 1}]}',
    description:
      'Sets the standing fault plan and/or queues one-shot faults (server_error, rate_limited, hang, expired_token, malformed).',
  },
  { method: 'POST', path: '/_sandbox/tokens/expire', description: 'Expires every access token issued.' },
  {
    method: 'POST',
    path: '/_sandbox/connections/{id}/status',
    body: '{"status": "Inactive"}',
    description: "Sets a connection's status.",
  },
  {
    method: 'POST',
    path: '/_sandbox/connections/{id}/sync-status',
    body: '{"sync_status": "error"}',
    description: "Sets a connection's sync status (inprogress starts a sync, anything else finishes one).",
  },
  {
    method: 'POST',
    path: '/_sandbox/connections/{id}/online',
    body: '{"online": false}',
    description: 'Takes a connection offline or back online.',
  },
  {
    method: 'POST',
    path: '/_sandbox/connections/{id}/sync',
    body: `{"outcome"?: "${OUTCOMES.join('" | "')}"}`,
    description:
      'Starts a sync and, given an outcome, finishes it (always fail while credentials are rotated).',
  },
  {
    method: 'POST',
    path: '/_sandbox/connections/{id}/rotate-credentials',
    description:
      "The customer changed the system's password: syncs fail until the connection is reauthorized.",
  },
  {
    method: 'POST',
    path: '/_sandbox/connections/{id}/reauthorize',
    description: 'What Reconnect does: the credentials work again, the connection is active and synced.',
  },
  {
    method: 'POST',
    path: '/_sandbox/connections/{id}/events',
    body: '{"event_types": ["sync.completed"] | null}',
    description: 'Chooses which webhook event types a connection sends (null: all of them).',
  },
  {
    method: 'POST',
    path: '/_sandbox/connections/{id}/read-only',
    body: '{"read_only": true}',
    description:
      "Makes a connection read-only, like Makini's sandbox connections: EAM writes answer success and change nothing.",
  },
  {
    method: 'POST',
    path: '/_sandbox/connections/{id}/flow',
    body: '{"flow": "name", "payload"?: {}}',
    description: 'Triggers a flow on a connection, sent as a flow.custom webhook.',
  },
];

/**
 * Answers `/_sandbox/*`, the sandbox's control endpoints. Writes take JSON only: a browser page
 * cannot send that cross-origin without a preflight, which the sandbox never grants.
 * @throws HttpProblem for unknown paths, bad bodies, and refused operations.
 */
export async function handleControl(
  ctx: SandboxContext,
  hooks: ControlHooks,
  call: SandboxCall,
): Promise<void> {
  const { req, res, url, requestId } = call;
  const method = req.method ?? 'GET';
  const path = url.pathname;
  if (method === 'GET' && path === '/_sandbox/')
    return sendJson(res, requestId, 200, { data: CONTROL_ENDPOINTS });
  if (method === 'GET' && path === '/_sandbox/state') return sendJson(res, requestId, 200, hooks.snapshot());
  if (method === 'GET' && path === '/_sandbox/deliveries') {
    return sendJson(res, requestId, 200, { data: hooks.deliveries() });
  }
  if (method !== 'POST' && method !== 'PUT') throw notFound(method, path);
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
    throw new HttpProblem(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'invalid_request_error',
      'Control endpoints take application/json.',
    );
  }
  const body = await readRequestFields(req);
  if (path === '/_sandbox/faults') {
    applyFaults(ctx, body);
    return sendJson(res, requestId, 200, { faults: ctx.faults.current });
  }
  if (path === '/_sandbox/tokens/expire') {
    ctx.tokens.expire();
    return sendJson(res, requestId, 200, { expired: true });
  }
  const match = /^\/_sandbox\/connections\/([^/]+)\/([a-z-]+)$/.exec(path);
  if (!match?.[1] || !match[2]) throw notFound(method, path);
  const key = decodeSegment(match[1], 'connection id');
  if (!applyConnectionAction(ctx, key, match[2], body)) throw notFound(method, path);
  sendJson(res, requestId, 200, { data: ctx.state.connection(key) });
}

/** Applies `POST /_sandbox/connections/{key}/{action}`; false for an action there is not. */
function applyConnectionAction(
  ctx: SandboxContext,
  key: string,
  action: string,
  body: Readonly<Record<string, unknown>>,
): boolean {
  const state = ctx.state;
  switch (action) {
    case 'status':
      state.setStatus(key, stringField(body, 'status'));
      return true;
    case 'sync-status':
      state.setSyncStatus(key, stringField(body, 'sync_status'));
      return true;
    case 'online':
      state.setOnline(key, booleanField(body, 'online'));
      return true;
    case 'sync':
      state.runSync(key, body.outcome === undefined ? undefined : outcomeField(body));
      return true;
    case 'rotate-credentials':
      state.rotateCredentials(key);
      return true;
    case 'reauthorize':
      state.reauthorize(key);
      return true;
    case 'events':
      state.setEventTypes(key, eventTypesField(body));
      return true;
    case 'read-only':
      state.setReadOnly(key, booleanField(body, 'read_only'));
      return true;
    case 'flow':
      state.triggerFlow(key, stringField(body, 'flow'), recordField(body, 'payload'));
      return true;
    default:
      return false;
  }
}

function notFound(method: string, path: string): HttpProblem {
  return new HttpProblem(404, 'NOT_FOUND', 'invalid_request_error', `No sandbox endpoint ${method} ${path}.`);
}

function invalid(message: string): HttpProblem {
  return new HttpProblem(422, 'VALIDATION_FAILED', 'invalid_request_error', message);
}

function booleanField(body: Readonly<Record<string, unknown>>, field: string): boolean {
  const value = body[field];
  if (typeof value !== 'boolean') throw invalid(`The '${field}' field must be true or false.`);
  return value;
}

function outcomeField(body: Readonly<Record<string, unknown>>): SyncOutcome {
  const found = OUTCOMES.find((o) => o === body.outcome);
  if (!found) throw invalid(`The 'outcome' field must be one of ${OUTCOMES.join(', ')}.`);
  return found;
}

function eventTypesField(body: Readonly<Record<string, unknown>>): readonly string[] | null {
  const value = body.event_types;
  if (value === null) return null;
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) {
    throw invalid("The 'event_types' field must be a list of event types, or null for all of them.");
  }
  return value;
}

function recordField(body: Readonly<Record<string, unknown>>, field: string): Record<string, unknown> {
  const value = body[field] ?? {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(`The '${field}' field must be a JSON object.`);
  }
  return value as Record<string, unknown>;
}

/** `{spec?: "500=0.1,...", queue?: [{kind, retry_after?}]}`: a standing plan, one-shot faults, or both. */
function applyFaults(ctx: SandboxContext, body: Readonly<Record<string, unknown>>): void {
  if (body.spec !== undefined) {
    if (typeof body.spec !== 'string')
      throw invalid("The 'spec' field must be a string like '500=0.1,latency=200'.");
    ctx.faults.setPlan(parseFaultSpec(body.spec));
  }
  if (body.queue !== undefined) {
    if (!Array.isArray(body.queue)) throw invalid("The 'queue' field must be a list of faults.");
    ctx.faults.enqueue(body.queue.map(parseQueued));
  }
}

function parseQueued(item: unknown): Fault {
  const kind = typeof item === 'object' && item !== null && 'kind' in item ? item.kind : undefined;
  const retryAfter =
    typeof item === 'object' && item !== null && 'retry_after' in item ? item.retry_after : 1;
  switch (kind) {
    case 'server_error':
    case 'hang':
    case 'expired_token':
    case 'malformed':
      return { kind };
    case 'rate_limited':
      if (typeof retryAfter !== 'number' || retryAfter < 0)
        throw invalid("'retry_after' must be seconds (>= 0).");
      return { kind, retryAfterSeconds: retryAfter };
    default:
      throw invalid(
        'Each queued fault needs a kind: server_error, rate_limited, hang, expired_token or malformed.',
      );
  }
}
