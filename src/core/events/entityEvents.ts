import { assetSchema, purchaseOrderSchema, siteSchema, workOrderSchema } from './entityRecordSchemas';
import {
  assetRecord,
  type EntityRecord,
  purchaseOrderRecord,
  siteRecord,
  workOrderRecord,
} from './entityRecordSamples';
import type { EventDefinition, JsonSchema, SampleContext } from './eventDefinition';
import { closedObject, type EntityName, nonEmptyString } from './schemaParts';
import { withArticle } from '../text/article';

export interface EntityEventData {
  readonly entity: EntityName;
  readonly key: string;
  readonly record: EntityRecord;
  /** Only on `*.updated`: the record fields that changed. */
  readonly changed_fields?: readonly string[];
}

interface EntityKind {
  readonly entity: EntityName;
  readonly label: string;
  readonly schema: JsonSchema;
  readonly build: (context: SampleContext) => EntityRecord;
  /** Fields an update plausibly touches. */
  readonly mutable: readonly string[];
}

const KINDS: readonly EntityKind[] = [
  {
    entity: 'work_order',
    label: 'work order',
    schema: workOrderSchema,
    build: workOrderRecord,
    mutable: ['status', 'severity', 'dueAt', 'completedAt', 'teamKey'],
  },
  {
    entity: 'asset',
    label: 'asset',
    schema: assetSchema,
    build: assetRecord,
    mutable: ['isActive', 'criticality', 'siteKey', 'notes'],
  },
  {
    entity: 'site',
    label: 'site',
    schema: siteSchema,
    build: siteRecord,
    mutable: ['name', 'address', 'contact'],
  },
  {
    entity: 'purchase_order',
    label: 'purchase order',
    schema: purchaseOrderSchema,
    build: purchaseOrderRecord,
    mutable: ['statusKey', 'lineItems', 'totalNetValue', 'dueAt'],
  },
];

function entityEvent(kind: EntityKind, action: 'inserted' | 'updated'): EventDefinition<EntityEventData> {
  const updated = action === 'updated';
  return {
    type: `${kind.entity}.${action}`,
    description: `${withArticle(kind.label, true)} was ${action} in the connected system.`,
    dataSchema: closedObject({
      entity: { const: kind.entity },
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
        entity: kind.entity,
        key: record.key,
        record,
        ...(updated ? { changed_fields: changed.length > 0 ? changed : kind.mutable.slice(0, 1) } : {}),
      };
    },
  };
}

/** `<entity>.inserted` and `<entity>.updated` for work orders, assets, sites and purchase orders. */
export const entityEvents: readonly EventDefinition<EntityEventData>[] = KINDS.flatMap((kind) => [
  entityEvent(kind, 'inserted'),
  entityEvent(kind, 'updated'),
]);
