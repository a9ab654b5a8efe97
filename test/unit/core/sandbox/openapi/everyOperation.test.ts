import * as assert from 'node:assert/strict';
import { branchOf, typesOf } from '../../../../../src/core/sandbox/openapi/conform';
import type { JsonSchema } from '../../../../../src/core/sandbox/openapi/documentDefects';
import { toJsonSchema } from '../../../../../src/core/sandbox/openapi/documentDefects';
import { eamCollection, referencedCollection } from '../../../../../src/core/sandbox/openapi/eamCatalog';
import type { Operation } from '../../../../../src/core/sandbox/openapi/operations';
import { operationTable } from '../../../../../src/core/sandbox/openapi/sandboxData';
import { openApiDocuments } from '../../../../../src/core/vendor/openApiDocumentsModule';
import { field } from '../sandboxHttp';
import { startEamSandbox, type EamHarness } from './eamHarness';

type Fields = Record<string, unknown>;

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function dig(node: unknown, keys: readonly string[]): unknown {
  let current = node;
  for (const key of keys) current = isRecord(current) ? current[key] : undefined;
  return current;
}

/** The operations that remove what others use run last. */
function order(op: Operation): number {
  if (op.method === 'DELETE') return 2;
  return op.method === 'GET' ? 0 : 1;
}

suite('sandbox: every operation of both documents', () => {
  let h: EamHarness;
  suiteSetup(async () => {
    h = await startEamSandbox();
  });
  suiteTeardown(async () => {
    await h.sandbox.stop();
  });

  /** A value the request schema accepts, with real keys where a field names a record. */
  function sample(
    schema: JsonSchema,
    collection: string,
    name: string,
    data: ReturnType<typeof h.sandbox.data.of>,
  ): unknown {
    const target = eamCollection(referencedCollection(collection, name) ?? '');
    const types = typesOf(schema);
    if (target && (types.includes('string') || types.includes('array'))) {
      const key = data.record(target, 0)?.key;
      return types.includes('string') ? key : [key];
    }
    if (types.includes('object')) {
      const object = branchOf(schema, 'object');
      const props = isRecord(object.properties) ? object.properties : {};
      return Object.fromEntries(
        Object.entries(props).map(([k, v]) => [k, sample(v as JsonSchema, collection, k, data)]),
      );
    }
    if (types.includes('array')) return [];
    if (types.includes('number') || types.includes('integer')) return 3;
    if (types.includes('boolean')) return true;
    if (types.includes('string')) return name === 'email' ? 'new@plant.example' : `${name} value`;
    return null;
  }

  function requestBody(
    op: Operation,
    collection: string,
    data: ReturnType<typeof h.sandbox.data.of>,
  ): unknown {
    const document = openApiDocuments[op.document];
    const raw = dig(document, [
      'paths',
      op.template,
      op.method.toLowerCase(),
      'requestBody',
      'content',
      op.bodyType ?? '',
      'schema',
    ]);
    const resolve = (ref: string): unknown => dig(document, ref.replace(/^#\//, '').split('/'));
    const body = sample(toJsonSchema(raw, 'request', resolve), collection, '', data);
    if (op.id === 'POST /api/system/connections')
      return { name: 'Harbor Mill', email: 'ops@harbor.example', provider: 'fiix', credentials: {} };
    if (op.id === 'POST /api/system/connections/{id}/metadata') return [{ key: 'plant', value: 'north' }];
    if (op.id === 'PUT /api/eam/purchase-orders/{key}/status') return { status: 'Approved' };
    return body;
  }

  test('each answers 200 with a body valid against its response schema', async () => {
    const table = operationTable();
    const ops = [...table.operations].sort((a, b) => order(a) - order(b));
    const connection = h.connectionKey;
    const token = await h.tokenFor(connection);
    const data = h.sandbox.data.of(connection);
    // DELETE /api/integrations/current removes the connection its token is for: another one.
    const spare = h.sandbox.state.connections().filter((c) => c.online)[1]?.key ?? '';
    let created = '';
    const failures: string[] = [];
    let valid = 0;
    for (const op of ops) {
      const collection = op.template.replace(/^\/api\/eam\//, '').split('/{')[0] ?? '';
      const found = eamCollection(collection);
      const workOrder = data.record(eamCollection('work-orders')!, 3);
      const materialKey = data
        .all(eamCollection('work-orders/materials')!)
        .find((m) => m.workOrderKey === workOrder?.key)?.key;
      const params: Record<string, string> = {
        key: String(found ? data.record(found, Math.min(3, data.size(found) - 1))?.key : ''),
        materialKey: String(materialKey),
        id: op.method === 'DELETE' ? created : connection,
        table: 'AUFK',
      };
      if (op.template.startsWith('/api/eam/work-orders/{key}')) params.key = String(workOrder?.key);
      const path = op.template.replace(/\{([^}]+)\}/g, (_, name: string) =>
        encodeURIComponent(params[name] ?? ''),
      );
      const query = op.query.has('per_page') ? '?page=1&per_page=5' : op.query.has('page') ? '?page=1' : '';
      const bearer =
        op.id === 'DELETE /api/integrations/current'
          ? await h.tokenFor(spare)
          : op.document === 'eam' || /^\/api\/(raw|passthrough|integrations)/.test(op.template)
            ? token
            : h.admin;
      const headers: Record<string, string> = { authorization: `Bearer ${bearer}` };
      let body: FormData | string | undefined;
      if (op.bodyType === 'multipart/form-data') {
        const form = new FormData();
        form.append('name', 'Pump manual');
        form.append('file', new Blob(['%PDF-1.4'], { type: 'application/pdf' }), 'pump.pdf');
        body = form;
      } else if (op.bodyType !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(requestBody(op, collection, data));
      }
      const response = await fetch(new URL(`${path.slice(1)}${query}`, h.base), {
        method: op.method,
        headers,
        body,
      });
      const answer = await response.json();
      if (op.id === 'POST /api/system/connections') {
        created = h.sandbox.state.connections().at(-1)?.key ?? '';
      }
      const validate = op.validateAnswer();
      if (response.status === 200 && validate(answer)) valid += 1;
      else
        failures.push(
          `${op.id}: ${response.status} ${JSON.stringify(validate.errors?.slice(0, 3) ?? field(answer, 'message'))}`,
        );
    }
    console.log(`      ${valid} of ${table.operations.length} operations schema-valid`);
    assert.deepEqual(failures, []);
    assert.equal(table.operations.length, 99, '13 system and 86 EAM operations');
    assert.equal(valid, 99);
  });
});
