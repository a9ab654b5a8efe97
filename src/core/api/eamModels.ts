/**
 * EAM records as the client reads them. Hand-typed, minimal interfaces over oas3_eam.json's
 * component schemas (`WorkOrder`, `Asset`, ...): the key every record has, and for the documented
 * webhook entities the few fields a developer reaches for first. Every other field is kept as
 * sent, `unknown` until the caller looks. Generating full types from the document was weighed
 * and left: it types numbers as `object` and fields null by nature as non-nullable, so generated
 * types would promise what the answers do not keep.
 */
export interface EamRecord {
  /** The record's key, as every other call names it (`/api/eam/work-orders/{key}`). */
  readonly key: string;
  readonly [field: string]: unknown;
}

/** `WorkOrder`: its site, asset and location name the records it belongs to. */
export interface WorkOrder extends EamRecord {
  readonly title?: string;
  readonly code?: string;
  readonly status?: string;
  readonly statusKey?: string;
  readonly siteKey?: string;
  readonly assetKey?: string;
  readonly locationKey?: string;
  readonly updatedAt?: string;
}

/** `Asset`. */
export interface Asset extends EamRecord {
  readonly name?: string;
  readonly siteKey?: string;
  readonly locationKey?: string;
  readonly parentKey?: string;
  readonly updatedAt?: string;
}

/** `Site`. */
export interface Site extends EamRecord {
  readonly name?: string;
  readonly updatedAt?: string;
}

/** `Location`. */
export interface Location extends EamRecord {
  readonly name?: string;
  readonly siteKey?: string;
  readonly updatedAt?: string;
}

/** `PurchaseOrder`. */
export interface PurchaseOrder extends EamRecord {
  readonly code?: string;
  readonly status?: string;
  readonly siteKey?: string;
  readonly vendorKey?: string;
  readonly updatedAt?: string;
}

/** `Part`, listed at `/api/eam/materials`. */
export interface Material extends EamRecord {
  readonly name?: string;
  readonly code?: string;
  readonly updatedAt?: string;
}

/** The typed records by collection name; every other collection's records are {@link EamRecord}s. */
export interface EamRecordTypes {
  readonly 'work-orders': WorkOrder;
  readonly assets: Asset;
  readonly sites: Site;
  readonly locations: Location;
  readonly 'purchase-orders': PurchaseOrder;
  readonly materials: Material;
}

export type EamRecordOf<N extends string> = N extends keyof EamRecordTypes ? EamRecordTypes[N] : EamRecord;

/** The string fields each typed collection's parser checks (a number there is no `title`). */
export const TYPED_FIELDS: { readonly [N in keyof EamRecordTypes]: readonly (keyof EamRecordTypes[N])[] } = {
  'work-orders': ['title', 'code', 'status', 'statusKey', 'siteKey', 'assetKey', 'locationKey', 'updatedAt'],
  assets: ['name', 'siteKey', 'locationKey', 'parentKey', 'updatedAt'],
  sites: ['name', 'updatedAt'],
  locations: ['name', 'siteKey', 'updatedAt'],
  'purchase-orders': ['code', 'status', 'siteKey', 'vendorKey', 'updatedAt'],
  materials: ['name', 'code', 'updatedAt'],
};

/** One page of a collection, with where the next one is. */
export interface EamPage<T extends EamRecord = EamRecord> {
  readonly records: readonly T[];
  readonly currentPage: number;
  readonly lastPage: number;
  readonly total?: number;
  /** The next page's URL as the API gave it, absent on the last page. */
  readonly next?: string;
}
