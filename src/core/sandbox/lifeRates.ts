import { SandboxError } from './sandboxErrors';

/**
 * How often things happen to the connection a life step picks, as shares (0..1) of steps. An
 * active connection has at most one of the first five each step (they add up to 1 at most);
 * otherwise it runs its sync cycle.
 */
export interface LifeRates {
  /** The customer system stops answering (`connection.status_changed` to offline). */
  readonly offline: number;
  /** Its credentials stop working (`sync_status: fail`, `connection.auth_required`). */
  readonly auth: number;
  /** The account runs out of credits (status Inactive). */
  readonly inactive: number;
  /** Makini hits an error serving it (`system.error`). */
  readonly systemError: number;
  /** A record changes in the customer system (an entity webhook, where the data store listens). */
  readonly entity: number;
  /** A finishing sync ends in `error` (`sync.failed`). */
  readonly syncError: number;
  /** A connection that is offline, Inactive or needs reauthorization is well again (the customer fixed it). */
  readonly recover: number;
}

/** The named rates `--life` takes. */
export const LIFE_PRESETS = {
  calm: {
    offline: 0.01,
    auth: 0.005,
    inactive: 0.002,
    systemError: 0.005,
    entity: 0.2,
    syncError: 0.03,
    recover: 0.3,
  },
  busy: {
    offline: 0.03,
    auth: 0.02,
    inactive: 0.01,
    systemError: 0.02,
    entity: 0.4,
    syncError: 0.08,
    recover: 0.3,
  },
  chaos: {
    offline: 0.12,
    auth: 0.08,
    inactive: 0.05,
    systemError: 0.1,
    entity: 0.3,
    syncError: 0.25,
    recover: 0.5,
  },
} as const satisfies Record<string, LifeRates>;

export type LifePreset = keyof typeof LIFE_PRESETS;

/** A spec's part names, each for the rate it sets. */
const SPEC_KEYS: Readonly<Record<string, keyof LifeRates>> = {
  offline: 'offline',
  auth: 'auth',
  inactive: 'inactive',
  'system-error': 'systemError',
  entity: 'entity',
  'sync-error': 'syncError',
  recover: 'recover',
};

/** The rates that share one roll of an active connection's step. */
const EXCLUSIVE: readonly (keyof LifeRates)[] = ['offline', 'auth', 'inactive', 'systemError', 'entity'];

function isPreset(name: string): name is LifePreset {
  return Object.hasOwn(LIFE_PRESETS, name);
}

/**
 * Parses `calm`, `busy`, `chaos`, or a spec such as `offline=0.05,auth=0.02` that changes a
 * preset: the one its first part names (`busy,entity=0`), else calm.
 * @throws SandboxError `invalid_value` naming the part that is wrong and what is allowed.
 */
export function parseLifeSpec(spec: string): LifeRates {
  const parts = spec
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const first = parts[0] ?? '';
  const rates: Record<keyof LifeRates, number> = { ...LIFE_PRESETS[isPreset(first) ? first : 'calm'] };
  for (const part of isPreset(first) ? parts.slice(1) : parts) {
    const [name = '', raw = ''] = part.split('=', 2).map((s) => s.trim());
    const key = SPEC_KEYS[name];
    if (!key) {
      const where = isPreset(name) ? ' (a preset goes first)' : '';
      throw new SandboxError(
        'invalid_value',
        `Unknown life rate '${name}' in '${part}'${where}; use ${Object.keys(LIFE_PRESETS).join(', ')}, then any of ${Object.keys(SPEC_KEYS).join(', ')}.`,
      );
    }
    rates[key] = raw === '' ? Number.NaN : Number(raw);
  }
  return checkLifeRates(rates);
}

/**
 * Checks rates built in code, as {@link parseLifeSpec} checks a spec.
 * @throws SandboxError `invalid_value` for a rate outside 0..1, or exclusive rates adding up past 1.
 */
export function checkLifeRates(rates: LifeRates): LifeRates {
  for (const [name, key] of Object.entries(SPEC_KEYS)) {
    const value = rates[key];
    if (!(Number.isFinite(value) && value >= 0 && value <= 1)) {
      throw new SandboxError(
        'invalid_value',
        `Life rate '${name}' takes a share from 0 to 1, got '${value}'.`,
      );
    }
  }
  const sum = EXCLUSIVE.reduce((total, key) => total + rates[key], 0);
  if (sum > 1 + 1e-9) {
    const names = EXCLUSIVE.map((key) => Object.keys(SPEC_KEYS).find((name) => SPEC_KEYS[name] === key));
    throw new SandboxError(
      'invalid_value',
      `Life rates ${names.join(', ')} share one roll and add up to ${Number(sum.toFixed(6))}; keep them at 1 or less.`,
    );
  }
  return rates;
}
