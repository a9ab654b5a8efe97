import { SandboxError } from './sandboxErrors';
import type { RandomSource } from '../random/seededRandom';

/** One injected fault, for the next request or drawn by share. */
export type Fault =
  | { readonly kind: 'server_error' }
  | { readonly kind: 'rate_limited'; readonly retryAfterSeconds: number }
  | { readonly kind: 'hang' }
  | { readonly kind: 'expired_token' }
  | { readonly kind: 'malformed' };

export type FaultKind = Fault['kind'];

/** Shares of API requests (0..1) that fail each way, and latency added to every API answer. */
export interface FaultPlan {
  readonly serverError: number;
  readonly rateLimited: number;
  readonly hang: number;
  readonly expiredToken: number;
  readonly malformed: number;
  readonly latencyMs: number;
  readonly retryAfterSeconds: number;
}

export const NO_FAULTS: FaultPlan = {
  serverError: 0,
  rateLimited: 0,
  hang: 0,
  expiredToken: 0,
  malformed: 0,
  latencyMs: 0,
  retryAfterSeconds: 1,
};

/**
 * The most latency a plan adds to an answer: 10 minutes, far past any client's deadline (the API
 * client's is 60 s) and well inside what one timer holds, so every value is waited as given.
 */
export const MAX_LATENCY_MS = 600_000;

const SPEC_KEYS: Readonly<Record<string, keyof FaultPlan>> = {
  '500': 'serverError',
  '429': 'rateLimited',
  hang: 'hang',
  expired: 'expiredToken',
  malformed: 'malformed',
  latency: 'latencyMs',
  'retry-after': 'retryAfterSeconds',
};

/**
 * Parses a fault spec such as `500=0.1,429=0.05,latency=200` (shares of requests; `latency` in
 * milliseconds, at most {@link MAX_LATENCY_MS}; also `hang=`, `expired=`, `malformed=` and `retry-after=` seconds).
 * @throws SandboxError `invalid_value` naming the part that is wrong and what is allowed.
 */
export function parseFaultSpec(spec: string): FaultPlan {
  const plan: Record<keyof FaultPlan, number> = { ...NO_FAULTS };
  for (const part of spec
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const [name = '', raw = ''] = part.split('=', 2).map((s) => s.trim());
    const key = SPEC_KEYS[name];
    const value = Number(raw);
    if (!key) {
      const known = Object.keys(SPEC_KEYS).join(', ');
      throw new SandboxError('invalid_value', `Unknown fault '${name}' in '${part}'; use ${known}.`);
    }
    checkValue(name, key, raw === '' ? Number.NaN : value, raw);
    plan[key] = value;
  }
  return plan;
}

/**
 * Checks a plan built in code, as {@link parseFaultSpec} checks a spec.
 * @throws SandboxError `invalid_value` naming the fault that is out of range and what is allowed.
 */
export function checkFaultPlan(plan: FaultPlan): FaultPlan {
  for (const [name, key] of Object.entries(SPEC_KEYS)) checkValue(name, key, plan[key], String(plan[key]));
  return plan;
}

function checkValue(name: string, key: keyof FaultPlan, value: number, raw: string): void {
  const isShare = key !== 'latencyMs' && key !== 'retryAfterSeconds';
  const max = isShare ? 1 : key === 'latencyMs' ? MAX_LATENCY_MS : Number.POSITIVE_INFINITY;
  if (Number.isFinite(value) && value >= 0 && value <= max) return;
  const expected = isShare
    ? 'a share from 0 to 1'
    : key === 'latencyMs'
      ? `milliseconds from 0 to ${MAX_LATENCY_MS}`
      : 'a number of at least 0';
  throw new SandboxError('invalid_value', `Fault '${name}' takes ${expected}, got '${raw}'.`);
}

/** Chooses the fault, if any, for each API request: queued ones first, then by share. */
export class FaultInjector {
  private readonly queued: Fault[] = [];

  /** @throws SandboxError `invalid_value` for a plan out of range (see {@link checkFaultPlan}). */
  constructor(
    private plan: FaultPlan,
    private readonly random: RandomSource,
  ) {
    checkFaultPlan(plan);
  }

  get current(): FaultPlan {
    return this.plan;
  }

  /** @throws SandboxError `invalid_value` for a plan out of range; the old plan stays. */
  setPlan(plan: FaultPlan): void {
    this.plan = checkFaultPlan(plan);
  }

  /** Makes the next requests fail in these ways, in order (deterministic, for tests). */
  enqueue(faults: readonly Fault[]): void {
    this.queued.push(...faults);
  }

  clearQueue(): void {
    this.queued.length = 0;
  }

  /** The fault for the next request; `authenticated` requests can also get an expired token. */
  next(authenticated: boolean): Fault | undefined {
    const queued = this.queued.findIndex((f) => authenticated || f.kind !== 'expired_token');
    if (queued >= 0) return this.queued.splice(queued, 1)[0];
    const { serverError, rateLimited, hang, expiredToken, malformed, retryAfterSeconds } = this.plan;
    if (serverError + rateLimited + hang + expiredToken + malformed === 0) return undefined;
    let roll = this.random();
    if ((roll -= serverError) < 0) return { kind: 'server_error' };
    if ((roll -= rateLimited) < 0) return { kind: 'rate_limited', retryAfterSeconds };
    if ((roll -= hang) < 0) return { kind: 'hang' };
    if ((roll -= malformed) < 0) return { kind: 'malformed' };
    if (authenticated && roll - expiredToken < 0) return { kind: 'expired_token' };
    return undefined;
  }
}
