import type { JsonSchema } from './eventDefinition';

// Record schemas shaped like Makini's `WorkOrder`, `Asset`, `Site` and `PurchaseOrder` component
// schemas (oas3_eam.json). That document is loose: it declares every field non-nullable yet
// providers leave most empty, and types some values `object` whose examples are strings
// (`orderDate`, line item quantities). So fields accept null, the loosely typed ones accept any
// scalar, only `key` is required, and extra provider fields are allowed.

const text: JsonSchema = { type: ['string', 'null'] };
const flag: JsonSchema = { type: ['boolean', 'null'] };
const loose: JsonSchema = { type: ['string', 'number', 'object', 'null'] };

/** The same schema for each of the space-separated field `names`. */
function fields(names: string, schema: JsonSchema): Record<string, JsonSchema> {
  return Object.fromEntries(
    names
      .trim()
      .split(/\s+/)
      .map((name) => [name, schema]),
  );
}

function record(properties: Record<string, JsonSchema>): JsonSchema {
  return {
    type: 'object',
    required: ['key'],
    properties: { key: { type: 'string', minLength: 1 }, ...properties },
  };
}

const address: JsonSchema = {
  type: ['object', 'null'],
  properties: {
    ...fields(`country addressLines addressee state city postCode phone email notes`, text),
    isActive: flag,
    ...fields(`createdAt updatedAt`, text),
  },
};

const documentList: JsonSchema = {
  type: 'array',
  items: {
    type: 'object',
    properties: {
      ...fields(`key name url type contentType description notes`, text),
      entityKeys: { type: ['array', 'string', 'null'] },
      ...fields(`createdAt updatedAt`, text),
    },
  },
};

export const workOrderSchema: JsonSchema = record({
  ...fields(
    `
      parentKey locationKey siteKey assetKey accountKey title serviceRequestKey code pmKey teamKey
      laborAssignedKey userApprovedKey assetDowntimeKey organizationKey instructions status
      statusKey severity estimatedTime roleName categoryName storeroomKey notes approvedAt dueAt
      scheduledAt actualTime completedAt completionRemarks materialCount createdAt updatedAt
      deletedAt
    `,
    text,
  ),
  tasks: {
    type: 'array',
    items: {
      type: 'object',
      properties: {
        ...fields(`key parentKey code title description priority`, text),
        checkList: { type: ['array', 'null'] },
      },
    },
  },
  documents: documentList,
  resources: { type: 'array', items: { type: 'object' } },
});

export const assetSchema: JsonSchema = record({
  ...fields(
    `
      siteKey parentKey vendorKey teamKey locationKey customerKey accountKeys name description
      makeCompanyKey assetTemplateKey notes categoryName criticality makeName modelName
      serialNumber activatedAt deactivatedAt createdAt updatedAt deletedAt
    `,
    text,
  ),
  isPhysical: flag,
  isActive: flag,
  documents: documentList,
});

export const siteSchema: JsonSchema = record({
  ...fields(
    `
      organizationKey name code description customerKey lat lng properties notes createdAt
      updatedAt deletedAt
    `,
    text,
  ),
  contact: {
    type: ['object', 'null'],
    properties: { ...fields(`name position phones emails`, text), isActive: flag, isDefault: flag },
  },
  address,
  billingAddress: address,
});

export const purchaseOrderSchema: JsonSchema = record({
  ...fields(
    `
      siteKey organizationKey vendorKey userRequestedKey userApprovedKey orderNo statusKey title
      description dueAt approvedAt completedAt shippingMethod shipmentDate terms notes currencyKey
      locationKey totalNetValue totalGrossValue updatedAt
    `,
    text,
  ),
  orderDate: loose,
  shipmentAddress: address,
  billingAddress: address,
  deliveryAddress: address,
  lineItems: {
    type: 'array',
    items: {
      type: 'object',
      properties: {
        ...fields(
          `
            key locationKey accountKey vendorKey assetKey materialKey productKey statusKey
            storeroomKey lineNo code type name description lineRef uomKey currencyKey notes
            deliveryAt dueAt createdAt updatedAt deletedAt
          `,
          text,
        ),
        ...fields(`quantity receivedQuantity price discount lineTaxValue lineTotalValue`, loose),
      },
    },
  },
});

export const materialSchema: JsonSchema = record({
  ...fields(
    `
      organizationKey code partNumber name description notes criticality manufacturerName
      createdAt updatedAt deletedAt
    `,
    text,
  ),
  ...fields(`parentKeys assetKeys`, { type: ['array', 'null'], items: { type: 'string' } }),
  isAssembly: flag,
  isActive: flag,
  uomKey: loose,
  supplyOptions: {
    type: 'array',
    items: {
      type: 'object',
      properties: {
        ...fields(`vendorKey currencyKey uomQuantity makePartNumber reorderPoint createdAt updatedAt`, text),
        // Typed `array` in the document; providers send a single value as often.
        ...fields(`partNumber price uomKey`, { type: ['array', 'string', 'number', 'null'] }),
      },
    },
  },
  priceLevels: {
    type: 'array',
    items: {
      type: 'object',
      properties: fields(
        `name price uomKey uomQuantity currencyKey taxKey minQuantity maxQuantity updatedAt deletedAt`,
        loose,
      ),
    },
  },
  inventories: {
    type: 'array',
    items: {
      type: 'object',
      properties: {
        ...fields(`key code name locationKey updatedAt createdAt`, text),
        ...fields(`quantity unitCost`, { type: ['number', 'null'] }),
      },
    },
  },
  dimensions: { type: ['object', 'null'] },
});

export const locationSchema: JsonSchema = record({
  ...fields(
    `
      siteKey parentKey teamKey organizationKey name userManagerKey description code type contact
      createdAt updatedAt deletedAt
    `,
    text,
  ),
  address,
  isActive: flag,
  isDefault: flag,
});

/**
 * A connection status record, shaped like the `Connection` component of Makini's system document
 * (oas3_system.json: `key`, `name`, `status`, `integration_name` and its times). The webhook page
 * names the event but documents no record for it, so this shape is an assumption from that
 * component; credentials-bearing fields of it (`redirect`, `client_id`) are left out of samples.
 */
export const connectionStatusSchema: JsonSchema = record({
  ...fields(
    `name email status integration_name redirect scopes user_metadata client_id updated_at created_at connected_at`,
    text,
  ),
  tags: { type: ['array', 'null'] },
});
