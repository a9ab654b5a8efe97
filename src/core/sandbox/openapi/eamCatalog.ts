import type { EntityCollection } from '../../contract/makiniContract';

/** One collection the sandbox serves under `/api/eam/`, as oas3_eam.json lists it. */
export interface EamCollection {
  /** Its path under `/api/eam/` (`work-orders`, `statuses/work-orders`). */
  readonly name: string;
  /** The component schema of its records (`WorkOrder`). */
  readonly schema: string;
  /** Two digits that start its keys: keys are unique across the sandbox (see eamData.ts). */
  readonly code: number;
  /** How many records it holds for a `records` size. */
  readonly size: (records: number) => number;
  /** The documented entity event its writes send (`work_orders`), when there is one. */
  readonly event?: EntityCollection;
}

const many = (records: number): number => records;
const fixed = (n: number) => (): number => n;

/** Line items per purchase order, and materials per work order. */
export const LINES_PER_ORDER = 2;
const perOrder = (records: number): number => LINES_PER_ORDER * records;

/** Status names per status list; a record's status is one of them. */
export const STATUS_NAMES: Readonly<Record<string, readonly [string, ...string[]]>> = {
  'statuses/work-orders': ['Open', 'Assigned', 'In progress', 'On hold', 'Completed', 'Cancelled'],
  'statuses/purchase-orders': ['Draft', 'Pending approval', 'Approved', 'Ordered', 'Received', 'Closed'],
  'statuses/service-requests': ['New', 'Under review', 'Approved', 'Rejected', 'Converted', 'Closed'],
  'statuses/return-orders': ['Draft', 'Approved', 'Shipped', 'Received', 'Credited', 'Closed'],
};

/** Statuses after which a record has a `completedAt`. */
export const DONE_STATUSES: ReadonlySet<string> = new Set(['Completed', 'Received', 'Closed', 'Credited']);

const LIST: readonly Omit<EamCollection, 'code'>[] = [
  { name: 'organizations', schema: 'Organization', size: fixed(3) },
  { name: 'sites', schema: 'Site', size: many, event: 'sites' },
  { name: 'locations', schema: 'Location', size: many, event: 'locations' },
  { name: 'storerooms', schema: 'Storeroom', size: many },
  { name: 'accounts', schema: 'Account', size: many },
  { name: 'teams', schema: 'Team', size: many },
  { name: 'labors', schema: 'Labor', size: many },
  { name: 'users', schema: 'User', size: many },
  { name: 'uom', schema: 'UnitOfMeasure', size: fixed(12) },
  { name: 'companies', schema: 'Company', size: many },
  { name: 'vendors', schema: 'Vendor', size: many },
  { name: 'customers', schema: 'Customer', size: many },
  { name: 'stocks', schema: 'Stock', size: many },
  { name: 'purchase-orders', schema: 'PurchaseOrder', size: many, event: 'purchase_orders' },
  { name: 'purchase-orders.line-items', schema: 'LineItem', size: perOrder },
  { name: 'materials', schema: 'Part', size: many, event: 'materials' },
  { name: 'assets', schema: 'Asset', size: many, event: 'assets' },
  { name: 'assets-downtime', schema: 'AssetDowntime', size: many },
  { name: 'asset-templates', schema: 'Model', size: many },
  { name: 'meters', schema: 'Counter', size: many },
  { name: 'meter-readings', schema: 'CounterReading', size: many },
  { name: 'pm', schema: 'PreventiveMaintenance', size: many },
  { name: 'work-orders/custom-fields', schema: 'CustomField', size: fixed(6) },
  { name: 'work-orders/materials', schema: 'MaterialItem', size: perOrder },
  { name: 'work-orders', schema: 'WorkOrder', size: many, event: 'work_orders' },
  { name: 'service-requests', schema: 'ServiceRequest', size: many },
  { name: 'documents', schema: 'Document', size: many },
  { name: 'inventories', schema: 'Inventory', size: many },
  ...Object.entries(STATUS_NAMES).map(([name, names]) => ({
    name,
    schema: 'Status',
    size: fixed(names.length),
  })),
  { name: 'return-orders', schema: 'ReturnOrder', size: many },
];

/** Every collection, with its key code (10 upwards, so every key has 14 or more digits). */
export const EAM_COLLECTIONS: readonly EamCollection[] = LIST.map((c, i) => ({ ...c, code: 10 + i }));

/** Records nested in others that have keys of their own: tasks, and return orders' lines. */
export const NESTED_CODES = { tasks: 80, returnLines: 81 } as const;

const BY_NAME = new Map(EAM_COLLECTIONS.map((c) => [c.name, c]));
const BY_CODE = new Map(EAM_COLLECTIONS.map((c) => [c.code, c]));

export function eamCollection(name: string): EamCollection | undefined {
  return BY_NAME.get(name);
}

export function eamCollectionByCode(code: number): EamCollection | undefined {
  return BY_CODE.get(code);
}

/** The collection a key field points into, by the field's name (`assetKey`, `siteKeys`). */
const REFERENCES: Readonly<Record<string, string>> = {
  organizationKey: 'organizations',
  organizationKeys: 'organizations',
  siteKey: 'sites',
  siteKeys: 'sites',
  locationKey: 'locations',
  locationKeys: 'locations',
  storeroomKey: 'storerooms',
  accountKey: 'accounts',
  accountKeys: 'accounts',
  teamKey: 'teams',
  laborKey: 'labors',
  laborAssignedKey: 'labors',
  userKey: 'users',
  userApprovedKey: 'users',
  userRequestedKey: 'users',
  userManagerKey: 'users',
  uomKey: 'uom',
  costUomKey: 'uom',
  rateBaseKey: 'uom',
  companyKey: 'companies',
  makeCompanyKey: 'companies',
  vendorKey: 'vendors',
  vendorKeys: 'vendors',
  customerKey: 'customers',
  materialKey: 'materials',
  productKey: 'materials',
  assemblyKey: 'materials',
  parentKeys: 'materials',
  assetKey: 'assets',
  assetKeys: 'assets',
  assetTemplateKey: 'asset-templates',
  assetTemplateKeys: 'asset-templates',
  modelKey: 'asset-templates',
  pmKey: 'pm',
  workOrderKey: 'work-orders',
  serviceRequestKey: 'service-requests',
  assetDowntimeKey: 'assets-downtime',
  meterKey: 'meters',
  poKey: 'purchase-orders',
  poLineItemKey: 'purchase-orders.line-items',
  documentKey: 'documents',
};

/** The status list each collection's `statusKey` points into. */
function statusList(collection: string): string {
  if (collection.startsWith('purchase-orders')) return 'statuses/purchase-orders';
  if (collection === 'service-requests') return 'statuses/service-requests';
  if (collection === 'return-orders') return 'statuses/return-orders';
  return 'statuses/work-orders';
}

/**
 * The collection `field` of a record of `collection` points into, or undefined for fields that
 * are not references (or point outside the EAM data: `currencyKey`, `taxKey`).
 */
export function referencedCollection(collection: string, field: string): string | undefined {
  if (field === 'statusKey') return statusList(collection);
  if (field === 'parentKey') return collection.startsWith('statuses/') ? undefined : collection;
  return REFERENCES[field];
}
