/**
 * Every place where Makini's OpenAPI documents (oas3_system.json, oas3_eam.json) are malformed,
 * and what the sandbox does there, decided once. {@link toJsonSchema} applies these decisions
 * while it turns a document's schema into a JSON Schema that ajv compiles in strict mode; nothing
 * else in the sandbox reads the documents' schemas raw. Each decision names where its defect is
 * (a JSON pointer into the document). Everywhere else the documents are followed as written, and
 * the sandbox's answers are checked strictly: every declared field present, no undeclared one.
 */

/** One decision about a malformed spot. */
export interface DocumentDefect {
  readonly id: string;
  /** Where the defect is: a document and a JSON pointer (one example where it recurs). */
  readonly at: string;
  readonly defect: string;
  readonly decision: string;
}

export const DOCUMENT_DEFECTS = {
  formatHoldsType: {
    id: 'format-holds-type',
    at: 'oas3_eam.json#/components/schemas/WorkOrder/properties/key/format ("string"; also "nullable", "array", "object")',
    defect: '`format` holds a type name, or "nullable", instead of a format.',
    decision: 'Such formats are dropped; `format: "nullable"` reads as `nullable: true`.',
  },
  pipedType: {
    id: 'piped-type',
    at: 'oas3_system.json#/paths/~1api~1system~1connections/post/requestBody/content/application~1json/schema/properties/email/type ("required|email"; also "nullable|numeric", "numeric|required", "nullable|date" in oas3_eam.json)',
    defect: '`type` holds Laravel validation rules joined by `|`.',
    decision:
      'Each rule is read: `required` makes the field required, `nullable` lets it be null, `numeric` is a number, `date` a string, `email` a string in email format.',
  },
  nullableType: {
    id: 'nullable-type',
    at: 'oas3_system.json#/paths/~1api~1passthrough/post/requestBody/content/application~1json/schema/properties/headers/type ("nullable"; also Task priority in oas3_eam.json)',
    defect: '`type: "nullable"` names no type.',
    decision: 'The field takes any JSON value.',
  },
  emptyProperties: {
    id: 'empty-schema',
    at: 'oas3_system.json#/components/schemas/ConnectionToken ([]; also Passthrough, RawData, and `properties: []` in request bodies; oas3_eam.json Dimension)',
    defect: 'A schema, or its `properties`, is an empty JSON array.',
    decision:
      'Read as "any object". ConnectionToken alone is given the fields of the token sample: see CONNECTION_TOKEN_SHAPE.',
  },
  refSiblings: {
    id: 'ref-siblings',
    at: 'oas3_eam.json#/components/schemas/Site/properties/address ({"type": "object", "$ref": ...})',
    defect: '`$ref` with sibling keywords, which OpenAPI 3.0 ignores.',
    decision: 'The `$ref` wins, as OpenAPI 3.0 says.',
  },
  objectScalars: {
    id: 'object-scalars',
    at: 'oas3_eam.json#/components/schemas/Stock/properties/quantity (type object, example "string"; also POLineItem prices, PurchaseOrder orderDate, Work times, ReturnOrder dates and totals, uomKey in LineItem, Material, WorkTrigger)',
    defect: 'Scalar fields are typed `object` with no properties, and their examples are strings.',
    decision:
      'Fields named like dates (`…At`, `…Date`) are date-time strings, fields named like keys (`…Key`) are strings, the others (quantities, prices, totals, times) numbers, as the request bodies type them (`nullable|numeric`).',
  },
  nullByNature: {
    id: 'null-by-nature',
    at: 'oas3_eam.json#/components/schemas/WorkOrder/properties/completedAt (nullable: false; every field of every component is `nullable: false`)',
    defect:
      'Fields that are null by nature are declared non-nullable: a work order is not completed before completion, a live record has no `deletedAt`, a top record no `parentKey`.',
    decision: 'These fields may be null in answers; the list is NULL_BY_NATURE.',
  },
  listOrObject: {
    id: 'list-or-object',
    at: 'oas3_eam.json#/paths/~1api~1eam~1work-orders/post/requestBody/content/application~1json/schema/properties/documents (type object, example a list; also tasks, and oas3_system.json POST /api/system/connections credentials: type array, example an object)',
    defect: 'A request field is typed one of object or array while its example is the other.',
    decision: 'The field accepts either: the object, or a list of such objects.',
  },
  stringExamples: {
    id: 'string-examples',
    at: 'oas3_eam.json#/components/schemas/Asset/example/isActive ("false"; also "[]" for arrays, "string" for most text)',
    defect: 'Examples of booleans and lists are strings, and most text examples are the word "string".',
    decision:
      'Generated data follows the types, not such examples; examples are used only where they carry a real value (titles, codes, dates).',
  },
  materialsAsWorkOrders: {
    id: 'materials-as-work-orders',
    at: 'oas3_eam.json#/paths/~1api~1eam~1work-orders~1{key}~1materials/get/responses/200 (data: [WorkOrder]; also GET /api/eam/work-orders/materials)',
    defect:
      "A work order's materials are typed as a list of WorkOrder, and the other materials lists (assets', asset templates', PMs', a material's children) as any object.",
    decision:
      'The materials lists answer pages of MaterialItem (the document\'s own component for "a material on a work order, asset, template or PM"), and a material\'s children a page of Part (what GET /api/eam/materials lists); they are checked against those.',
  },
} as const satisfies Record<string, DocumentDefect>;

/**
 * The item component each materials list answers a page of ({@link DOCUMENT_DEFECTS.materialsAsWorkOrders}),
 * by operation.
 */
export const MATERIAL_LIST_ITEMS: Readonly<Record<string, string>> = {
  'GET /api/eam/work-orders/materials': 'MaterialItem',
  'GET /api/eam/work-orders/{key}/materials': 'MaterialItem',
  'GET /api/eam/assets/{key}/materials': 'MaterialItem',
  'GET /api/eam/asset-templates/{key}/materials': 'MaterialItem',
  'GET /api/eam/pm/{key}/materials': 'MaterialItem',
  'GET /api/eam/materials/{key}/children': 'Part',
};

/**
 * Fields that are null by nature ({@link DOCUMENT_DEFECTS.nullByNature}): answers may give them
 * as null although the documents say `nullable: false`. Page bounds `from`/`to` are null on an
 * empty page, as Laravel answers; `connected_at` is null while a connection is Pending.
 */
export const NULL_BY_NATURE: ReadonlySet<string> = new Set([
  'deletedAt',
  'completedAt',
  'approvedAt',
  'deactivatedAt',
  'endedAt',
  'finishedAt',
  'parentKey',
  'connected_at',
  'from',
  'to',
]);

/**
 * The per-connection token's shape. oas3_system.json types the answer of
 * POST /api/system/connections/{id}/token as `{data: ConnectionToken}` and ConnectionToken as `[]`;
 * the `{"token", "expires_in": 300}` sample sits, misplaced, in that operation's request body.
 * The sandbox answers `{data: {token, expires_in}}`: the envelope is what the response schema
 * declares (every answer of both documents wraps its resource in `data`), the fields are the
 * sample's, and the product's API client has read it so since the sandbox first served it.
 */
export const CONNECTION_TOKEN_SHAPE: JsonSchema = {
  type: 'object',
  required: ['token', 'expires_in'],
  additionalProperties: false,
  properties: { token: { type: 'string', minLength: 1 }, expires_in: { type: 'integer', minimum: 1 } },
};

export type JsonSchema = Record<string, unknown>;

/** Where a schema is used: answers are checked strictly, requests as Makini would accept them. */
export type SchemaRole = 'request' | 'response';

interface Walk {
  readonly role: SchemaRole;
  /** Resolves a local `$ref` (`#/components/schemas/X`) to its raw node. */
  readonly resolve: (ref: string) => unknown;
  /** `$ref`s being expanded, to stop on a cycle. */
  readonly stack: readonly string[];
}

/**
 * A document schema as a JSON Schema ajv compiles in strict mode, with every decision above
 * applied. Response schemas require every declared field and allow no other; request schemas
 * require only what the document says is required.
 */
export function toJsonSchema(node: unknown, role: SchemaRole, resolve: (ref: string) => unknown): JsonSchema {
  return convert(node, { role, resolve, stack: [] }, undefined, undefined).schema;
}

interface Converted {
  readonly schema: JsonSchema;
  /** The field is `required` by a piped type ({@link DOCUMENT_DEFECTS.pipedType}). */
  readonly required: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const ANY_OBJECT: JsonSchema = { type: 'object' };

function convert(node: unknown, walk: Walk, field: string | undefined, example: unknown): Converted {
  if (Array.isArray(node)) return { schema: ANY_OBJECT, required: false }; // emptyProperties
  if (!isRecord(node)) return { schema: {}, required: false };
  const ref = node.$ref;
  if (typeof ref === 'string') {
    // refSiblings: the $ref wins.
    if (ref === '#/components/schemas/ConnectionToken')
      return { schema: CONNECTION_TOKEN_SHAPE, required: false };
    if (walk.stack.includes(ref)) return { schema: {}, required: false };
    const target = walk.resolve(ref);
    return convert(target, { ...walk, stack: [...walk.stack, ref] }, field, example);
  }
  // Component schemas give `properties` without `type: object`, which JSON Schema allows.
  const rules =
    typeof node.type === 'string' ? node.type.split('|') : node.properties === undefined ? [] : ['object'];
  let nullable = node.nullable === true || node.format === 'nullable' || rules.includes('nullable');
  if (walk.role === 'response' && field !== undefined && NULL_BY_NATURE.has(field)) nullable = true;
  const required = rules.includes('required');
  const base = baseSchema(node, rules, walk, field, example ?? node.example);
  return { schema: nullable ? withNull(base) : base, required };
}

function baseSchema(
  node: Record<string, unknown>,
  rules: readonly string[],
  walk: Walk,
  field: string | undefined,
  example: unknown,
): JsonSchema {
  if (rules.includes('email')) return { type: 'string', format: 'email' };
  if (rules.includes('numeric')) return { type: 'number' };
  if (rules.includes('date')) return { type: 'string' };
  const type = rules.find((r) => r !== 'nullable' && r !== 'required');
  switch (type) {
    case undefined:
      return {}; // nullableType: any JSON value.
    case 'string':
    case 'boolean':
    case 'number':
    case 'integer':
      return withExample({ type }, example, type);
    case 'array':
      return listOrObject(arraySchema(node, walk), example, walk);
    case 'object':
      if (node.properties === undefined && typeof example === 'string' && field !== undefined)
        return objectScalar(field, example);
      return listOrObject(objectSchema(node, walk, example), example, walk);
    default:
      return {};
  }
}

/** objectScalars: a field typed `object` whose example is a string. */
function objectScalar(field: string, example: string): JsonSchema {
  if (/(At|Date)$/.test(field)) return { type: 'string', examples: [example] };
  if (/Key$/.test(field)) return { type: 'string', examples: [example] };
  return { type: 'number' };
}

function arraySchema(node: Record<string, unknown>, walk: Walk): JsonSchema {
  if (node.items === undefined) return { type: 'array' };
  const example: unknown = Array.isArray(node.example) ? (node.example as unknown[])[0] : undefined;
  return { type: 'array', items: convert(node.items, walk, undefined, example).schema };
}

function objectSchema(node: Record<string, unknown>, walk: Walk, example: unknown): JsonSchema {
  const raw = node.properties;
  if (!isRecord(raw)) return ANY_OBJECT; // emptyProperties (or none declared)
  const examples = isRecord(example) ? example : isRecord(node.example) ? node.example : {};
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [name, child] of Object.entries(raw)) {
    const converted = convert(child, walk, name, examples[name]);
    properties[name] = converted.schema;
    if (walk.role === 'response' || converted.required) required.push(name);
  }
  return {
    type: 'object',
    properties,
    ...(required.length > 0 ? { required } : {}),
    ...(walk.role === 'response' ? { additionalProperties: false } : {}),
  };
}

/** listOrObject: in a request, a field typed object (array) whose example is a list (object). */
function listOrObject(schema: JsonSchema, example: unknown, walk: Walk): JsonSchema {
  if (walk.role !== 'request') return schema;
  if (schema.type === 'object' && Array.isArray(example))
    return { anyOf: [schema, { type: 'array', items: schema }] };
  if (schema.type === 'array' && isRecord(example)) {
    return { anyOf: [schema, { type: 'object' }] };
  }
  return schema;
}

/** stringExamples: an example is kept (for generated data) only when it is a real value of the type. */
function withExample(schema: JsonSchema, example: unknown, type: string): JsonSchema {
  const real =
    (type === 'string' && typeof example === 'string' && example !== 'string' && example !== '[]') ||
    ((type === 'number' || type === 'integer') && typeof example === 'number');
  return real ? { ...schema, examples: [example] } : schema;
}

function withNull(schema: JsonSchema): JsonSchema {
  if (typeof schema.type === 'string') return { ...schema, type: [schema.type, 'null'] };
  if (schema.type === undefined && schema.anyOf === undefined) return schema; // already any value
  return { anyOf: [schema, { type: 'null' }] };
}
