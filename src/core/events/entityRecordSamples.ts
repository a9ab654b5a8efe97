import type { SampleContext } from './eventDefinition';
import { PROVIDERS } from './providers';
import { isoSeconds, shifted } from './schemaParts';

/** A record as Makini's unified EAM model returns it (camelCase fields, string keys). */
export type EntityRecord = Readonly<Record<string, unknown>> & { readonly key: string };

const DAY = 86_400_000;

const WORK_ORDER_TITLES = [
  'Replace worn conveyor belt on line 3',
  'Quarterly PM: air compressor AC-12',
  'Inspect boiler pressure relief valve',
  'Leak at hydraulic press HP-04',
  'Calibrate filling machine sensors',
] as const;
const ASSETS = [
  ['Air compressor AC-12', 'Atlas Copco', 'GA 37'],
  ['Hydraulic press HP-04', 'Schuler', 'MSD 400'],
  ['Conveyor line 3', 'Interroll', 'RM 8310'],
  ['Boiler B-2', 'Viessmann', 'Vitomax 200'],
] as const;
const SITES = [
  ['Rotterdam Plant', 'RTM', 'Netherlands', 'Rotterdam'],
  ['Ohio Assembly', 'OHA', 'United States', 'Columbus'],
  ['Monterrey Works', 'MTY', 'Mexico', 'Monterrey'],
] as const;

function timestamps({ random, now }: SampleContext): { createdAt: string; updatedAt: string } {
  return {
    createdAt: isoSeconds(shifted(now, -random.int(30, 900) * DAY)),
    updatedAt: isoSeconds(now),
  };
}

export function workOrderRecord(context: SampleContext): EntityRecord {
  const { random, now } = context;
  const completed = random.chance(0.3);
  return {
    key: random.key(),
    code: `WO-${random.int(10_000, 99_999)}`,
    title: random.pick(WORK_ORDER_TITLES),
    status: completed ? 'Completed' : random.pick(['Open', 'In progress', 'On hold']),
    severity: random.pick(['Low', 'Medium', 'High', 'Critical']),
    siteKey: random.key(),
    assetKey: random.key(),
    teamKey: random.key(),
    estimatedTime: `${random.int(1, 16)}h`,
    dueAt: isoSeconds(shifted(now, random.int(1, 14) * DAY)),
    completedAt: completed ? isoSeconds(now) : null,
    tasks: [{ key: random.key(), code: '10', title: 'Lock out / tag out', priority: 'High', checkList: [] }],
    documents: [],
    ...timestamps(context),
    deletedAt: null,
  };
}

export function assetRecord(context: SampleContext): EntityRecord {
  const { random } = context;
  const [name, make, model] = random.pick(ASSETS);
  return {
    key: random.key(),
    siteKey: random.key(),
    name,
    makeName: make,
    modelName: model,
    serialNumber: `SN${random.int(100_000, 999_999)}`,
    criticality: random.pick(['A', 'B', 'C']),
    categoryName: 'Production equipment',
    isPhysical: true,
    isActive: random.chance(0.9),
    documents: [],
    ...timestamps(context),
    deletedAt: null,
  };
}

export function siteRecord(context: SampleContext): EntityRecord {
  const { random } = context;
  const [name, code, country, city] = random.pick(SITES);
  return {
    key: random.key(),
    organizationKey: random.key(),
    name,
    code,
    description: `${name} maintenance site`,
    address: { country, city, addressLines: `${random.int(1, 400)} Industrial Way`, isActive: true },
    contact: { name: 'Maintenance desk', position: 'Planner', isActive: true, isDefault: true },
    ...timestamps(context),
    deletedAt: null,
  };
}

export function purchaseOrderRecord(context: SampleContext): EntityRecord {
  const { random, now } = context;
  const quantity = random.int(1, 20);
  const price = random.int(10, 900);
  return {
    key: random.key(),
    orderNo: `PO-${random.int(100_000, 999_999)}`,
    title: 'Spare parts replenishment',
    siteKey: random.key(),
    vendorKey: random.key(),
    orderDate: isoSeconds(shifted(now, -random.int(0, 10) * DAY)),
    currencyKey: random.pick(['EUR', 'USD', 'MXN']),
    totalNetValue: (quantity * price).toFixed(2),
    lineItems: [{ key: random.key(), lineNo: '1', name: 'V-belt SPA 1250', quantity, price, uomKey: 'EA' }],
    updatedAt: isoSeconds(now),
  };
}

const MATERIALS = [
  ['V-belt SPA 1250', 'Optibelt', 'SPA-1250'],
  ['Deep groove ball bearing 6205', 'SKF', '6205-2RS1'],
  ['Hydraulic oil HLP 46, 20 l', 'Shell', 'TELLUS-S2M46'],
  ['Pressure relief valve 10 bar', 'Bosch Rexroth', 'DBDS10K'],
] as const;
const LOCATIONS = [
  ['Line 3', 'L3', 'Production line'],
  ['Boiler room', 'BR', 'Utility room'],
  ['Main storeroom', 'ST1', 'Storeroom'],
] as const;
/** Makini's connection status texts (as the API's connections answer them). */
const CONNECTION_STATUS_TEXTS = ['Active', 'Inactive', 'Synchronizing', 'Pending'] as const;

export function materialRecord(context: SampleContext): EntityRecord {
  const { random } = context;
  const [name, manufacturer, partNumber] = random.pick(MATERIALS);
  return {
    key: random.key(),
    organizationKey: random.key(),
    code: `MAT-${random.int(1000, 9999)}`,
    partNumber,
    name,
    manufacturerName: manufacturer,
    criticality: random.pick(['A', 'B', 'C']),
    isAssembly: false,
    isActive: true,
    uomKey: 'EA',
    assetKeys: [random.key()],
    inventories: [
      {
        key: random.key(),
        code: 'ST1',
        name: 'Main storeroom',
        quantity: random.int(0, 40),
        locationKey: random.key(),
      },
    ],
    ...timestamps(context),
    deletedAt: null,
  };
}

export function locationRecord(context: SampleContext): EntityRecord {
  const { random } = context;
  const [name, code, type] = random.pick(LOCATIONS);
  return {
    key: random.key(),
    siteKey: random.key(),
    organizationKey: random.key(),
    name,
    code,
    type,
    description: `${name}, ${type.toLowerCase()}`,
    isActive: random.chance(0.9),
    isDefault: false,
    ...timestamps(context),
    deletedAt: null,
  };
}

export function connectionStatusRecord(context: SampleContext): EntityRecord {
  const { random, now } = context;
  const { createdAt } = timestamps(context);
  return {
    key: random.key(),
    name: random.pick(['Rotterdam Plant', 'Ohio Assembly', 'Monterrey Works']),
    status: random.pick(CONNECTION_STATUS_TEXTS),
    integration_name: random.pick(PROVIDERS).name,
    created_at: createdAt,
    connected_at: createdAt,
    updated_at: isoSeconds(now),
  };
}
