import * as assert from 'node:assert/strict';
import {
  InMemorySecretStore,
  readWebhookSecrets,
  SecretKeys,
  previousSecretsUntil,
  writeWebhookSecret,
} from '../../../../src/host/config/secretStore';

suite('host/config/secretStore', () => {
  test('the in-memory store keeps, answers and deletes secrets, announcing each change by key', async () => {
    const store = new InMemorySecretStore();
    const changed: string[] = [];
    const disposables: { dispose(): unknown }[] = [];
    const listening = store.onDidChange((e) => changed.push(e.key), undefined, disposables);
    assert.equal(await store.get(SecretKeys.clientId), undefined);
    await store.store(SecretKeys.clientId, 'client-1');
    await store.store(SecretKeys.clientSecret, 'secret-1');
    assert.equal(await store.get(SecretKeys.clientId), 'client-1');
    assert.equal(await store.get(SecretKeys.clientSecret), 'secret-1');
    await store.delete(SecretKeys.clientId);
    await store.delete(SecretKeys.clientId); // Nothing left to delete: no change to announce.
    assert.equal(await store.get(SecretKeys.clientId), undefined);
    assert.deepEqual(changed, [SecretKeys.clientId, SecretKeys.clientSecret, SecretKeys.clientId]);
    assert.deepEqual(disposables, [listening], 'the subscription joins the disposables handed in');
    listening.dispose();
    await store.store(SecretKeys.clientId, 'client-2');
    assert.equal(changed.length, 3, 'a disposed listener hears nothing more');
  });

  test('a listener is called with the thisArg it was given', async () => {
    const store = new InMemorySecretStore();
    const owner = { keys: [] as string[] };
    store.onDidChange(function (this: typeof owner, e) {
      this.keys.push(e.key);
    }, owner);
    await store.store(SecretKeys.webhookSecrets, '[]');
    assert.deepEqual(owner.keys, [SecretKeys.webhookSecrets]);
  });

  test('webhook secrets: none, then set, then rotated newest first, three kept at most', async () => {
    const store = new InMemorySecretStore();
    const later = new Date(Date.now() + 3_600_000);
    assert.deepEqual(await readWebhookSecrets(store), []);
    await writeWebhookSecret(store, 'one');
    assert.deepEqual(await readWebhookSecrets(store), ['one']);
    await writeWebhookSecret(store, 'two', later);
    await writeWebhookSecret(store, 'three', later);
    assert.deepEqual(await readWebhookSecrets(store), ['three', 'two', 'one']);
    await writeWebhookSecret(store, 'four', later);
    assert.deepEqual(await readWebhookSecrets(store), ['four', 'three', 'two']);
    await writeWebhookSecret(store, 'two', later);
    assert.deepEqual(await readWebhookSecrets(store), ['two', 'four', 'three'], 'a repeat moves first');
    await writeWebhookSecret(store, 'five');
    assert.deepEqual(await readWebhookSecrets(store), ['five'], 'a plain set drops the others');
  });

  test('a malformed stored value reads as no secrets; non-strings and empties are dropped', async () => {
    const store = new InMemorySecretStore();
    for (const raw of ['not json', '{"a":1}', '"one"', 'null', '']) {
      await store.store(SecretKeys.webhookSecrets, raw);
      assert.deepEqual(await readWebhookSecrets(store), [], raw);
    }
    await store.store(SecretKeys.webhookSecretsPreviousUntil, new Date(Date.now() + 60_000).toISOString());
    await store.store(SecretKeys.webhookSecrets, JSON.stringify(['a', '', 3, null, 'b']));
    assert.deepEqual(await readWebhookSecrets(store), ['a', 'b']);
  });

  test('after a rotation the previous secret is accepted until the overlap ends, then only the newest', async () => {
    const store = new InMemorySecretStore();
    const now = Date.parse('2026-01-01T00:00:00Z');
    const until = new Date(now + 24 * 3_600_000);
    await writeWebhookSecret(store, 'old');
    await writeWebhookSecret(store, 'new', until);
    assert.deepEqual(await readWebhookSecrets(store, now), ['new', 'old']);
    assert.equal(await previousSecretsUntil(store, now), until.getTime());
    assert.deepEqual(await readWebhookSecrets(store, until.getTime()), ['new']);
    assert.equal(await previousSecretsUntil(store, until.getTime()), undefined);
    await writeWebhookSecret(store, 'plain');
    assert.equal(await store.get(SecretKeys.webhookSecretsPreviousUntil), undefined, 'a plain set ends it');
  });
});
