import * as assert from 'node:assert/strict';
import { PROVIDER_SLUGS } from '../../../../../src/core/events/providers';
import {
  EAM_COLLECTIONS,
  eamCollection,
  referencedCollection,
} from '../../../../../src/core/sandbox/openapi/eamCatalog';
import type { EamData } from '../../../../../src/core/sandbox/openapi/eamData';
import { DEFAULT_RECORDS } from '../../../../../src/core/sandbox/openapi/sandboxData';
import { Sandbox } from '../../../../../src/core/sandbox/sandbox';

function collection(name: string): NonNullable<ReturnType<typeof eamCollection>> {
  const found = eamCollection(name);
  assert.ok(found, name);
  return found;
}

/** Every reference of every record that names no record of the same connection. */
function danglingReferences(data: EamData): string[] {
  const dangling: string[] = [];
  for (const c of EAM_COLLECTIONS) {
    for (const record of data.all(c)) {
      for (const [field, value] of Object.entries(record)) {
        const target = eamCollection(referencedCollection(c.name, field) ?? '');
        if (!target || value === null) continue;
        for (const key of Array.isArray(value) ? value : [value]) {
          if (typeof key !== 'string' || !data.find(target, key))
            dangling.push(`${c.name} ${String(record.key)} ${field}=${String(key)}`);
        }
      }
    }
  }
  return dangling;
}

suite('sandbox: EAM data', () => {
  const now = (): number => Date.UTC(2025, 5, 1);

  test('5 connections: every reference resolves, keys are unique across the sandbox, chains agree', () => {
    const sandbox = new Sandbox({ connections: 5, seed: 3, now });
    const keys = new Set<string>();
    let records = 0;
    for (const connection of sandbox.state.connections()) {
      assert.ok(PROVIDER_SLUGS.includes(connection.provider), `${connection.provider} is a platform slug`);
      const data = sandbox.data.of(connection.key);
      assert.deepEqual(danglingReferences(data), []);
      for (const c of EAM_COLLECTIONS) {
        // CustomField alone has no key.
        for (const record of data.all(c).filter((r) => 'key' in r)) {
          records += 1;
          keys.add(String(record.key));
        }
      }
      // A work order's location is its asset's, and its site the location's.
      for (const order of data.all(collection('work-orders'))) {
        const asset = data.find(collection('assets'), String(order.assetKey))?.record;
        const location = data.find(collection('locations'), String(order.locationKey))?.record;
        assert.equal(order.locationKey, asset?.locationKey);
        assert.equal(order.siteKey, location?.siteKey);
      }
      // Each purchase order's line items are records of the line items collection, and no other order's.
      const owner = new Map<string, unknown>();
      for (const order of data.all(collection('purchase-orders'))) {
        const lines = order.lineItems as { key: string }[];
        assert.ok(lines.length > 0);
        for (const line of lines) {
          assert.ok(data.find(collection('purchase-orders.line-items'), line.key), line.key);
          assert.equal(owner.get(line.key), undefined, `${line.key} belongs to one order`);
          owner.set(line.key, order.key);
        }
      }
    }
    assert.equal(keys.size, records, 'no two records share a key');
    assert.ok(records > 5 * 20 * DEFAULT_RECORDS);
  });

  test('the same seed gives the same data; another seed other data', () => {
    const first = new Sandbox({ seed: 9, now });
    const again = new Sandbox({ seed: 9, now });
    const other = new Sandbox({ seed: 10, now });
    const key = (s: Sandbox): string => s.state.connections()[0]?.key ?? '';
    const orders = (s: Sandbox): unknown => s.data.of(key(s)).slice(collection('work-orders'), 0, 20);
    assert.deepEqual(orders(first), orders(again));
    assert.notDeepEqual(JSON.stringify(orders(first)), JSON.stringify(orders(other)));
  });

  test('records sizes the larger collections; small reference lists keep their natural size', () => {
    const sandbox = new Sandbox({ seed: 1, now, records: 1234 });
    const data = sandbox.data.of(sandbox.state.connections()[0]?.key ?? '');
    assert.equal(data.size(collection('work-orders')), 1234);
    assert.equal(data.size(collection('purchase-orders.line-items')), 2 * 1234);
    assert.equal(data.size(collection('statuses/work-orders')), 6);
    assert.throws(() => new Sandbox({ records: 0 }), /records takes a whole number/);
  });
});
