import { HttpProblem } from '../httpProblem';
import { conform } from './conform';
import type { JsonSchema } from './documentDefects';
import { eamCollection, type EamCollection } from './eamCatalog';
import type { EamRecord } from './eamRecords';
import { checkBody, checkReferences, commit, merge, withStatus, type WriteTarget } from './eamWrites';
import { applyQuery, needsAll, pageAnswer, readListQuery } from './listQuery';
import type { Operation, OperationTable } from './operations';

/** One EAM request, routed and authorized. */
export interface EamRequest extends WriteTarget {
  readonly operation: Operation;
  readonly params: Readonly<Record<string, string>>;
  readonly url: URL;
  readonly body: unknown;
  readonly baseUrl: string;
  readonly now: string;
  readonly table: OperationTable;
}

/** Sub-lists of records that point at the record in the path, by the path's last segment. */
const SUB_LISTS: Readonly<Record<string, { readonly collection: string; readonly field: string }>> = {
  'work-orders/materials': { collection: 'work-orders/materials', field: 'workOrderKey' },
  'assets/materials': { collection: 'work-orders/materials', field: 'assetKey' },
  'asset-templates/materials': { collection: 'work-orders/materials', field: 'assetTemplateKey' },
  'pm/materials': { collection: 'work-orders/materials', field: 'pmKey' },
  'materials/children': { collection: 'materials', field: 'parentKeys' },
};

function notFound(what: string, key: string): HttpProblem {
  return new HttpProblem(
    404,
    'NOT_FOUND',
    'invalid_request_error',
    `No ${what} with key '${key.slice(0, 60)}'.`,
  );
}

function collectionOf(name: string): EamCollection {
  const found = eamCollection(name);
  if (!found)
    throw new HttpProblem(404, 'NOT_FOUND', 'invalid_request_error', `No EAM collection '${name}'.`);
  return found;
}

function fieldsOf(schema: JsonSchema | undefined): ReadonlySet<string> {
  const items = schema?.items;
  const properties =
    typeof items === 'object' && items !== null && 'properties' in items
      ? (items as JsonSchema).properties
      : undefined;
  return new Set(typeof properties === 'object' && properties !== null ? Object.keys(properties) : []);
}

/**
 * Answers one operation of oas3_eam.json from the connection's data; resolves to the answer's body
 * (every EAM operation answers 200).
 * @throws HttpProblem 404 for a key that is not this connection's, 422 for a bad query or body.
 */
export function answerEam(request: EamRequest): unknown {
  const { operation, params } = request;
  const path = operation.template.replace(/^\/api\/eam\//, '');
  const key = params.key ?? '';
  const parts = path.split('/{key}');
  const base = parts[0] ?? '';
  const rest = parts[1];
  if (rest === undefined) {
    const collection = collectionOf(base);
    return operation.method === 'GET' ? list(request, collection, undefined) : create(request, collection);
  }
  const collection = collectionOf(base);
  const found = request.data.find(collection, key);
  if (!found) throw notFound(collection.schema, key);
  if (rest === '') {
    if (operation.method === 'GET') return { data: found.record };
    return {
      data: update(
        request,
        collection,
        found.index,
        found.record,
        checkBody(operation.validateBody(), request.body),
      ),
    };
  }
  if (rest === '/status') return { data: status(request, collection, found.index, found.record) };
  if (rest === '/inventory') return { data: inventory(request, collection, found.index, found.record) };
  const sub = SUB_LISTS[`${base}${rest.replace(/\/\{materialKey\}$/, '')}`];
  if (!sub) throw new HttpProblem(404, 'NOT_FOUND', 'invalid_request_error', `No endpoint ${operation.id}.`);
  if (operation.method === 'GET')
    return list(request, collectionOf(sub.collection), { field: sub.field, key });
  return { data: workOrderMaterial(request, collection, found.index, found.record) };
}

function list(
  request: EamRequest,
  collection: EamCollection,
  pointingAt: { readonly field: string; readonly key: string } | undefined,
): unknown {
  const query = readListQuery(request.url, request.operation, fieldsOf(request.operation.data));
  const { data } = request;
  const start = (query.page - 1) * query.perPage;
  if (!pointingAt && !needsAll(query)) {
    const page = data.slice(collection, start, start + query.perPage);
    return pageAnswer(request.baseUrl, request.url, query, data.size(collection), page);
  }
  const pointing = pointingAt
    ? data.all(collection).filter((r) => {
        const value = r[pointingAt.field];
        return Array.isArray(value) ? value.includes(pointingAt.key) : value === pointingAt.key;
      })
    : data.all(collection);
  const kept = applyQuery(pointing, query);
  return pageAnswer(
    request.baseUrl,
    request.url,
    query,
    kept.length,
    kept.slice(start, start + query.perPage),
  );
}

function schemaOf(request: EamRequest, collection: EamCollection): JsonSchema {
  return request.table.component(collection.schema);
}

function create(request: EamRequest, collection: EamCollection): unknown {
  const body = checkBody(request.operation.validateBody(), request.body);
  checkReferences(collection.name, body, request.data);
  const index = request.data.nextIndex(collection);
  const generated = request.data.generator.generate(collection, index);
  const fresh: EamRecord = { ...generated, ...('createdAt' in generated ? { createdAt: request.now } : {}) };
  const merged = merge(fresh, body, schemaOf(request, collection), request.now);
  const record = withStatus(merged.record, collection.name, request.data, request.now);
  const written = { record, changedFields: merged.changedFields };
  commit(request, collection, index, written, { event: collection.event, record, inserted: true });
  return { data: record };
}

function update(
  request: EamRequest,
  collection: EamCollection,
  index: number,
  current: EamRecord,
  body: Record<string, unknown>,
): EamRecord {
  checkReferences(collection.name, body, request.data);
  const merged = merge(current, body, schemaOf(request, collection), request.now);
  const record = withStatus(merged.record, collection.name, request.data, request.now);
  const changedFields = Object.keys(record).filter(
    (f) => JSON.stringify(record[f]) !== JSON.stringify(current[f]),
  );
  commit(
    request,
    collection,
    index,
    { record, changedFields },
    { event: collection.event, record, inserted: false },
  );
  return record;
}

/** PUT …/{key}/status: a work order's takes `statusKey`, a purchase order's a `status` (name or key). */
function status(
  request: EamRequest,
  collection: EamCollection,
  index: number,
  current: EamRecord,
): EamRecord {
  const body = checkBody(request.operation.validateBody(), request.body);
  if (!('status' in body)) return update(request, collection, index, current, body);
  const list = collectionOf(`statuses/${collection.name}`);
  const wanted = typeof body.status === 'string' ? body.status.toLowerCase() : '';
  const match = request.data
    .all(list)
    .find((s) => s.key === body.status || (typeof s.name === 'string' && s.name.toLowerCase() === wanted));
  if (!match) {
    const names = request.data
      .all(list)
      .map((s) => String(s.name))
      .join(', ');
    throw new HttpProblem(
      422,
      'VALIDATION_FAILED',
      'invalid_request_error',
      `'status' must be one of ${names}.`,
      {},
      {
        fields: [{ field: 'status', message: `must be one of ${names}` }],
      },
    );
  }
  return update(request, collection, index, current, { statusKey: match.key });
}

/** PUT /api/eam/materials/{key}/inventory: the material's stock on hand; answered as a `Material`. */
function inventory(
  request: EamRequest,
  collection: EamCollection,
  index: number,
  current: EamRecord,
): EamRecord {
  const body = checkBody(request.operation.validateBody(), request.body);
  checkReferences('inventories', body, request.data);
  const partSchema = schemaOf(request, collection);
  const inventorySchema = (partSchema.properties as Record<string, JsonSchema> | undefined)?.inventory ?? {};
  const record = update(request, collection, index, current, {
    inventory: conform(body, inventorySchema, current.inventory),
  });
  return request.data.generator.project(collection, index, record, 'Material');
}

/** POST …/work-orders/{key}/materials and PUT …/materials/{materialKey}: answered with the work order. */
function workOrderMaterial(
  request: EamRequest,
  workOrders: EamCollection,
  index: number,
  order: EamRecord,
): EamRecord {
  const body = checkBody(request.operation.validateBody(), request.body);
  checkReferences('work-orders/materials', body, request.data);
  const items = collectionOf('work-orders/materials');
  const { data } = request;
  const mine = data.all(items).filter((r) => r.workOrderKey === order.key);
  const wanted = request.params.materialKey;
  const existing =
    wanted === undefined ? undefined : mine.find((r) => r.key === wanted || r.materialKey === wanted);
  if (wanted !== undefined && !existing) throw notFound('material on this work order', wanted);
  const at = existing ? (data.find(items, String(existing.key))?.index ?? 0) : data.nextIndex(items);
  const current = existing ?? data.generator.generate(items, at);
  const patch = {
    ...body,
    workOrderKey: order.key,
    assetKey: order.assetKey,
    pmKey: order.pmKey,
    ...(body.usedQuantity === undefined ? {} : { quantity: body.usedQuantity }),
  };
  const item = merge(current, patch, schemaOf(request, items), request.now);
  commit(request, items, at, item, {
    event: undefined,
    record: item.record,
    inserted: existing === undefined,
  });
  const count = mine.length + (existing || request.connection.readOnly ? 0 : 1);
  return update(request, workOrders, index, order, { materialCount: String(count) });
}
