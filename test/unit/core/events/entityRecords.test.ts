import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildEvent, type EventType } from '../../../../src/core/events/catalog';
import { repoRoot } from '../../../support/repo';

interface OpenApiProperty {
  type?: string;
  $ref?: string;
  items?: { $ref?: string };
}
type Components = Record<string, { properties: Record<string, OpenApiProperty> }>;

const componentsOf = (file: string): Components =>
  (
    JSON.parse(fs.readFileSync(path.join(repoRoot(), 'test/fixtures/openapi', file), 'utf8')) as {
      components: { schemas: Components };
    }
  ).components.schemas;
// Connection statuses are shaped like the system document's Connection.
const components: Components = {
  ...componentsOf('oas3_eam.json'),
  Connection: componentsOf('oas3_system.json').Connection ?? { properties: {} },
};

/**
 * Checks a sample record against Makini's OpenAPI component: every field exists there with a
 * compatible type. Lenient where the document is: null is accepted anywhere, and `object`-typed
 * scalars (orderDate, quantities) accept strings and numbers.
 */
function assertShapedLike(component: string, value: unknown, at: string): void {
  const properties = components[component]?.properties;
  assert.ok(properties, `no component ${component}`);
  assert.equal(typeof value, 'object', at);
  for (const [name, field] of Object.entries(value as Record<string, unknown>)) {
    const spec: OpenApiProperty | undefined = properties[name];
    assert.ok(spec, `${at}/${name} is not a field of ${component}`);
    if (field === null) continue;
    const ref = spec.$ref ?? spec.items?.$ref;
    if (spec.type === 'array') {
      assert.ok(Array.isArray(field), `${at}/${name} should be an array`);
      if (ref)
        field.forEach((item, i) => assertShapedLike(ref.split('/').pop() ?? '', item, `${at}/${name}/${i}`));
    } else if (ref) {
      assertShapedLike(ref.split('/').pop() ?? '', field, `${at}/${name}`);
    } else if (spec.type === 'object') {
      assert.ok(['string', 'number', 'object'].includes(typeof field), `${at}/${name}`);
    } else if (spec.type === 'integer') {
      assert.ok(Number.isInteger(field), `${at}/${name}`);
    } else {
      assert.equal(typeof field, spec.type, `${at}/${name}`);
    }
  }
}

const ENTITIES: readonly [EventType, string][] = [
  ['work_orders.inserted', 'WorkOrder'],
  ['assets.updated', 'Asset'],
  ['sites.inserted', 'Site'],
  ['purchase_orders.updated', 'PurchaseOrder'],
  ['materials.inserted', 'Material'],
  ['materials.updated', 'Material'],
  ['locations.inserted', 'Location'],
  ['locations.updated', 'Location'],
  ['connection_statuses.deleted', 'Connection'],
];

suite('events/entity records', () => {
  for (const [type, component] of ENTITIES) {
    test(`${type} records are shaped like Makini's ${component} schema`, () => {
      for (let seed = 1; seed <= 10; seed++) {
        const { data } = buildEvent(type, { seed });
        assert.ok('record' in data);
        assertShapedLike(component, data.record, `${type}#${seed}/record`);
        assert.equal(data.key, data.record.key);
      }
    });
  }
});
