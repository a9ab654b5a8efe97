import type { SandboxConnection, SyncStatus } from './sandboxModels';
import { type Provider, PROVIDERS } from '../events/providers';
import { pick, type RandomSource } from '../random/seededRandom';

interface Shape {
  readonly company: string;
  readonly status: string;
  readonly syncStatus: SyncStatus;
  readonly online: boolean;
}

// One connection per provider, in the spread of states a developer meets in practice.
const DEMO_SHAPES: readonly Shape[] = [
  { company: 'Acme Steel', status: 'Active', syncStatus: 'done', online: true },
  { company: 'Northwind Utilities', status: 'Active', syncStatus: 'fulldone', online: true },
  { company: 'Contoso Foods', status: 'Synchronizing', syncStatus: 'inprogress', online: true },
  { company: 'Globex Logistics', status: 'Active', syncStatus: 'fail', online: true },
  { company: 'Initech Paper', status: 'Active', syncStatus: 'error', online: true },
  { company: 'Umbrella Pharma', status: 'Pending', syncStatus: 'inprogress', online: true },
  { company: 'Stark Fabrication', status: 'Inactive', syncStatus: 'done', online: true },
  { company: 'Wayne Water', status: 'Active', syncStatus: 'done', online: false },
];

// Generated connections are mostly healthy, as a real fleet is.
const HEALTHY: Omit<Shape, 'company'> = { status: 'Active', syncStatus: 'done', online: true };
const GENERATED_SHAPES: readonly [Omit<Shape, 'company'>, ...Omit<Shape, 'company'>[]] = [
  HEALTHY,
  ...Array.from({ length: 13 }, () => HEALTHY),
  { status: 'Active', syncStatus: 'fulldone', online: true },
  { status: 'In progress', syncStatus: 'inprogress', online: true },
  { status: 'Active', syncStatus: 'error', online: true },
  { status: 'Active', syncStatus: 'fail', online: true },
  { status: 'Pending', syncStatus: 'inprogress', online: true },
  { status: 'Inactive', syncStatus: 'done', online: true },
];

function connectionKey(random: RandomSource, taken: Set<string>): string {
  for (;;) {
    const key = String(Math.floor(random() * 1e14)).padStart(14, '0');
    if (!taken.has(key)) {
      taken.add(key);
      return key;
    }
  }
}

function build(
  random: RandomSource,
  taken: Set<string>,
  provider: Provider,
  shape: Shape,
  now: number,
): SandboxConnection {
  const created = new Date(now - Math.floor((30 + random() * 300) * 86_400_000)).toISOString();
  const synced = new Date(now - Math.floor(random() * 3_600_000)).toISOString();
  const domain = shape.company.toLowerCase().replace(/[^a-z0-9]+/g, '') || 'example';
  return {
    key: connectionKey(random, taken),
    name: `${shape.company} (${provider.name})`,
    email: `maintenance@${domain}.example`,
    provider: provider.slug,
    integrationName: provider.name,
    status: shape.status,
    syncStatus: shape.syncStatus,
    syncUpdatedAt: synced,
    online: shape.online,
    credentialsValid: shape.syncStatus !== 'fail',
    readOnly: false,
    eventTypes: null,
    tags: [provider.slug],
    createdAt: created,
    updatedAt: synced,
    connectedAt: shape.status === 'Pending' ? null : created,
  };
}

/** The eight demo connections, one per provider of the samples' table (so both spell it alike), in a spread of states. */
export function demoConnections(random: RandomSource, now: number): SandboxConnection[] {
  const taken = new Set<string>();
  return DEMO_SHAPES.map((shape, i) =>
    build(random, taken, PROVIDERS[i % PROVIDERS.length] ?? PROVIDERS[0], shape, now),
  );
}

/** `count` generated connections across the demo providers, for scale tests. */
export function generatedConnections(random: RandomSource, count: number, now: number): SandboxConnection[] {
  const taken = new Set<string>();
  return Array.from({ length: count }, (_, i) => {
    const provider = PROVIDERS[i % PROVIDERS.length] ?? PROVIDERS[0];
    const shape = { ...pick(random, GENERATED_SHAPES), company: `Plant ${String(i + 1).padStart(5, '0')}` };
    return build(random, taken, provider, shape, now);
  });
}
