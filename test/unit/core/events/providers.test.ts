import * as assert from 'node:assert/strict';
import { buildEvent } from '../../../../src/core/events/catalog';
import { PROVIDER_SLUGS, PROVIDERS, providerSlug } from '../../../../src/core/events/providers';
import { Sandbox } from '../../../../src/core/sandbox/sandbox';

const NOW = new Date('2025-06-01T12:00:00Z');
const NAMING_TYPES = ['sync.completed', 'sync.failed', 'connection.auth_required'] as const;

suite('events/providers', () => {
  test('a provider reads the same by slug or name; one not in the table gets its name as a slug', () => {
    assert.equal(providerSlug('SAP PM'), 'sap_pm');
    assert.equal(providerSlug('sap_pm'), 'sap_pm');
    assert.equal(providerSlug('limble cmms'), 'limble');
    assert.equal(providerSlug(' Acme CMMS 2 '), 'acme_cmms_2');
  });

  test("a sample about a connection carries that connection's id and provider, as a slug", () => {
    for (const type of NAMING_TYPES) {
      for (let seed = 1; seed <= 10; seed++) {
        const event = buildEvent(type, { seed, now: NOW, connectionId: 'c1', provider: 'SAP PM' });
        assert.equal(event.connection_id, 'c1');
        assert.equal((event.data as { provider: string }).provider, 'sap_pm', `${type} seed ${seed}`);
      }
    }
  });

  test('a sample about no connection draws a provider from the same table', () => {
    for (const type of NAMING_TYPES) {
      for (let seed = 1; seed <= 20; seed++) {
        const { provider } = buildEvent(type, { seed, now: NOW }).data as { provider: string };
        assert.ok(PROVIDER_SLUGS.includes(provider), `${type} seed ${seed}: ${provider}`);
      }
    }
  });

  test("the sandbox's connections use the samples' table: provider slug and integration name", () => {
    const sandbox = new Sandbox({ seed: 3 });
    for (const c of sandbox.state.connections()) {
      const known = PROVIDERS.find((p) => p.slug === c.provider);
      assert.ok(known, c.provider);
      assert.equal(c.integrationName, known.name);
      assert.equal(providerSlug(c.integrationName), c.provider);
    }
  });
});
