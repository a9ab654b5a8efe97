import {
  CONNECTION_STATUS_ACTIONS,
  CONNECTION_STATUS_COLLECTION,
  ENTITY_ACTIONS,
  SINGULAR_ENTITY_NAMES,
} from '../contract/makiniContract';
import {
  assetSchema,
  connectionStatusSchema,
  locationSchema,
  materialSchema,
  purchaseOrderSchema,
  siteSchema,
  workOrderSchema,
} from './entityRecordSchemas';
import {
  assetRecord,
  connectionStatusRecord,
  type EntityRecord,
  locationRecord,
  materialRecord,
  purchaseOrderRecord,
  siteRecord,
  workOrderRecord,
} from './entityRecordSamples';
import type { EventDefinition, JsonSchema, SampleContext } from './eventDefinition';
import { closedObject, nonEmptyString } from './schemaParts';
import { withArticle } from '../text/article';

type Collection = keyof typeof SINGULAR_ENTITY_NAMES;
type Action = (typeof CONNECTION_STATUS_ACTIONS)[number];

/** The `data` of an entity event in the detailed envelope (the ids envelope carries only `key`). */
export interface EntityEventData {
  /** One record's name (`work_order`). */
  readonly entity: (typeof SINGULAR_ENTITY_NAMES)[Collection];
  readonly key: string;
  readonly record: EntityRecord;
  /** Only on `*.updated`: the record fields that changed. */
  readonly changed_fields?: readonly string[];
}

interface EntityKind {
  readonly collection: Collection;
  readonly label: string;
  readonly schema: JsonSchema;
  readonly build: (context: SampleContext) => EntityRecord;
  /** Fields an update plausibly touches. */
  readonly mutable: readonly string[];
  readonly actions: readonly Action[];
}

const KINDS: readonly EntityKind[] = [
  {
    collection: 'sites',
    label: 'site',
    schema: siteSchema,
    build: siteRecord,
    mutable: ['name', 'address', 'contact'],
    actions: ENTITY_ACTIONS,
  },
  {
    collection: 'assets',
    label: 'asset',
    schema: assetSchema,
    build: assetRecord,
    mutable: ['isActive', 'criticality', 'siteKey', 'notes'],
    actions: ENTITY_ACTIONS,
  },
  {
    collection: 'purchase_orders',
    label: 'purchase order',
    schema: purchaseOrderSchema,
    build: purchaseOrderRecord,
    mutable: ['statusKey', 'lineItems', 'totalNetValue', 'dueAt'],
    actions: ENTITY_ACTIONS,
  },
  {
    collection: 'work_orders',
    label: 'work order',
    schema: workOrderSchema,
    build: workOrderRecord,
    mutable: ['status', 'severity', 'dueAt', 'completedAt', 'teamKey'],
    actions: ENTITY_ACTIONS,
  },
  {
    collection: 'materials',
    label: 'material',
    schema: materialSchema,
    build: materialRecord,
    mutable: ['name', 'criticality', 'isActive', 'inventories'],
    actions: ENTITY_ACTIONS,
  },
  {
    collection: 'locations',
    label: 'location',
    schema: locationSchema,
    build: locationRecord,
    mutable: ['name', 'isActive', 'parentKey', 'teamKey'],
    actions: ENTITY_ACTIONS,
  },
  {
    collection: CONNECTION_STATUS_COLLECTION,
    label: 'connection status',
    schema: connectionStatusSchema,
    build: connectionStatusRecord,
    mutable: ['status'],
    actions: CONNECTION_STATUS_ACTIONS,
  },
];

function entityEvent(kind: EntityKind, action: Action): EventDefinition<EntityEventData> {
  const updated = action === 'updated';
  const entity = SINGULAR_ENTITY_NAMES[kind.collection];
  return {
    type: `${kind.collection}.${action}`,
    description: `${withArticle(kind.label, true)} was ${action} in the connected system.`,
    dataSchema: closedObject({
      entity: { const: entity },
      key: nonEmptyString,
      record: kind.schema,
      ...(updated
        ? { changed_fields: { type: 'array', items: nonEmptyString, minItems: 1, uniqueItems: true } }
        : {}),
    }),
    sample(context) {
      const record = kind.build(context);
      const changed = kind.mutable.filter(() => context.random.chance(0.5));
      return {
        entity,
        key: record.key,
        record,
        ...(updated ? { changed_fields: changed.length > 0 ? changed : kind.mutable.slice(0, 1) } : {}),
      };
    },
  };
}

/**
 * `<entities>.inserted` and `<entities>.updated` for every documented collection, and
 * `connection_statuses.deleted`, in the order Makini's documents list them.
 */
export const entityEvents: readonly EventDefinition<EntityEventData>[] = KINDS.flatMap((kind) =>
  kind.actions.map((action) => entityEvent(kind, action)),
);
