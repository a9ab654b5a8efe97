import type { EntityCollection } from '../contract/makiniContract';
import { ApiClientOptionsError } from './apiErrors';

/**
 * One EAM collection Makini lists: its list path in oas3_eam.json, the component schema of its
 * records, and whether the path declares `per_page` (`/api/eam/sites` and `/api/eam/materials`
 * do not, so they are never sent one). A unit test holds this table against the document.
 */
export interface EamCollection {
  /** The collection's name here: its path's last segment, e.g. `work-orders`. */
  readonly name: string;
  readonly label: string;
  readonly path: string;
  /** The component schema of one record, e.g. `WorkOrder`. */
  readonly schema: string;
  readonly perPage: boolean;
  /** The entity webhooks' name for it (`work_orders`), for the documented entities. */
  readonly entity?: EntityCollection;
}

type Row = readonly [
  name: string,
  label: string,
  schema: string,
  perPage: boolean,
  entity?: EntityCollection,
];

// The top-level list paths of oas3_eam.json, in its order (nested lists, like
// /api/eam/statuses/work-orders, are read through `request`).
const ROWS: readonly Row[] = [
  ['organizations', 'Organizations', 'Organization', true],
  ['sites', 'Sites', 'Site', false, 'sites'],
  ['locations', 'Locations', 'Location', true, 'locations'],
  ['storerooms', 'Storerooms', 'Storeroom', true],
  ['accounts', 'Accounts', 'Account', true],
  ['teams', 'Teams', 'Team', true],
  ['labors', 'Labors', 'Labor', true],
  ['users', 'Users', 'User', true],
  ['uom', 'Units of measure', 'UnitOfMeasure', true],
  ['companies', 'Companies', 'Company', true],
  ['vendors', 'Vendors', 'Vendor', true],
  ['customers', 'Customers', 'Customer', true],
  ['stocks', 'Stocks', 'Stock', true],
  ['purchase-orders', 'Purchase orders', 'PurchaseOrder', true, 'purchase_orders'],
  ['purchase-orders.line-items', 'Purchase order line items', 'LineItem', true],
  ['materials', 'Materials', 'Part', false, 'materials'],
  ['assets', 'Assets', 'Asset', true, 'assets'],
  ['assets-downtime', 'Asset downtime', 'AssetDowntime', true],
  ['asset-templates', 'Asset templates', 'Model', true],
  ['meters', 'Meters', 'Counter', true],
  ['meter-readings', 'Meter readings', 'CounterReading', true],
  ['pm', 'Preventive maintenance', 'PreventiveMaintenance', true],
  ['work-orders', 'Work orders', 'WorkOrder', true, 'work_orders'],
  ['service-requests', 'Service requests', 'ServiceRequest', true],
  ['documents', 'Documents', 'Document', true],
  ['inventories', 'Inventories', 'Inventory', true],
  ['return-orders', 'Return orders', 'ReturnOrder', true],
];

/** Every top-level EAM collection, in the document's order. */
export const EAM_COLLECTIONS: readonly EamCollection[] = ROWS.map(
  ([name, label, schema, perPage, entity]) => ({
    name,
    label,
    path: `/api/eam/${name}`,
    schema,
    perPage,
    ...(entity ? { entity } : {}),
  }),
);

/** The collection of that name (`work-orders`), or of that entity webhook name (`work_orders`). */
export function findEamCollection(name: string): EamCollection | undefined {
  return EAM_COLLECTIONS.find((c) => c.name === name || c.entity === name);
}

/**
 * The collection of that name, as {@link findEamCollection}.
 * @throws ApiClientOptionsError naming the collections there are.
 */
export function eamCollection(name: string): EamCollection {
  const found = findEamCollection(name);
  if (found) return found;
  throw new ApiClientOptionsError(
    `'${name}' is not an EAM collection; use one of ${EAM_COLLECTIONS.map((c) => c.name).join(', ')}.`,
  );
}

/**
 * A list page's path and query: the caller's parameters, `page` (default 1), and `per_page` only
 * where the document declares it.
 */
export function eamListPath(
  collection: EamCollection,
  options: {
    readonly page?: number;
    readonly perPage: number;
    readonly query?: readonly (readonly [string, string])[];
  },
): string {
  const url = new URL(collection.path, 'http://base.invalid');
  for (const [name, value] of options.query ?? []) url.searchParams.append(name, value);
  url.searchParams.set('page', String(options.page ?? 1));
  if (collection.perPage) url.searchParams.set('per_page', String(options.perPage));
  return `${url.pathname}${url.search}`;
}
