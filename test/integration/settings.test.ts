import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readSettings, SETTINGS_SECTION } from '../../src/host/config/settings';
import { SettingSpecs } from '../../src/host/config/settingsSchema';

interface ConfigurationProperty {
  default: unknown;
}

suite('settings', () => {
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
    const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    await config.update('receiver.port', 70_000, vscode.ConfigurationTarget.Global);
    await config.update('webhooks.signatureScheme', 'hmac', vscode.ConfigurationTarget.Global);
    try {
      const { settings, problems } = readSettings();
      assert.equal(settings.receiverPort, SettingSpecs.receiverPort.defaultValue);
      assert.equal(settings.signatureScheme, 'makini');
      assert.deepEqual(problems.map((p) => p.key).sort(), [
        'makini.receiver.port',
        'makini.webhooks.signatureScheme',
      ]);
      assert.match(
        problems.find((p) => p.key === 'makini.receiver.port')?.message ?? '',
        /70000 must be a whole number from 0 to 65535/,
      );
    } finally {
      await config.update('receiver.port', undefined, vscode.ConfigurationTarget.Global);
      await config.update('webhooks.signatureScheme', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
