import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readSettings, SETTINGS_SECTION } from '../../src/host/config/settings';
import { SettingSpecs } from '../../src/host/config/settingsSchema';
import { makiniApi, receiverUrl } from './support/makiniApi';
import { SettingChanges } from './support/settingChanges';
import { waitFor } from './support/waitFor';
import { spyOnNotifications } from './support/windowSpy';

interface ConfigurationProperty {
  default: unknown;
}

suite('settings', () => {
  const settings = new SettingChanges();
  teardown(() => settings.restore());

  const manifest = (): Record<string, ConfigurationProperty> => {
    const ext = vscode.extensions.getExtension('makini-devtools.makini-devtools');
    assert.ok(ext);
    const json = ext.packageJSON as {
      contributes: { configuration: { properties: Record<string, ConfigurationProperty> } };
    };
    return json.contributes.configuration.properties;
  };

  test('the manifest contributes exactly the settings the code reads, with the same defaults', () => {
    const properties = manifest();
    const specs = Object.values(SettingSpecs);
    assert.deepEqual(Object.keys(properties).sort(), specs.map((s) => `${SETTINGS_SECTION}.${s.key}`).sort());
    for (const spec of specs) {
      assert.deepEqual(properties[`${SETTINGS_SECTION}.${spec.key}`]?.default, spec.defaultValue, spec.key);
      assert.equal(spec.check(spec.defaultValue), undefined, `default of ${spec.key} fails its own check`);
    }
  });

  test('an invalid value falls back to the default and is reported', async () => {
    // Not receiver.port: its default would make the running receiver try to bind 8787, a fixed
    // port that may belong to someone else on this machine.
    await settings.set('makini.delivery.timeoutMs', 50);
    await settings.set('makini.webhooks.signatureScheme', 'hmac');
    const { settings: read, problems } = readSettings();
    assert.equal(read.deliveryTimeoutMs, SettingSpecs.deliveryTimeoutMs.defaultValue);
    assert.equal(read.signatureScheme, 'makini');
    assert.deepEqual(problems.map((p) => p.key).sort(), [
      'makini.delivery.timeoutMs',
      'makini.webhooks.signatureScheme',
    ]);
    assert.match(
      problems.find((p) => p.key === 'makini.delivery.timeoutMs')?.message ?? '',
      /50 must be a whole number from 100 to 120000/,
    );
  });

  test('an invalid edit keeps the value in force, says so in an error with Open Settings', async () => {
    const makini = await makiniApi();
    const before = receiverUrl(makini);
    const port = makini.services.settings.value.receiverPort;
    const errors = spyOnNotifications('showErrorMessage');
    try {
      await settings.set('makini.receiver.port', 99_999);
      await waitFor(
        () => errors.calls.some((c) => c.message.includes('makini.receiver.port')),
        'settings error',
      );
      const shown = errors.calls.find((c) => c.message.includes('makini.receiver.port'));
      assert.match(
        shown?.message ?? '',
        /99999 must be a whole number from 0 to 65535; keeping the previous value/,
      );
      assert.deepEqual(shown?.actions, ['Open Settings']);
      assert.equal(makini.services.settings.value.receiverPort, port);
      assert.equal(receiverUrl(makini), before, 'the receiver moved although the new port was refused');
    } finally {
      errors.restore();
    }
  });
});
