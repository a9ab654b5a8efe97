import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SettingSpecs } from '../../../../src/host/config/settingsSchema';
import { repoRoot } from '../../../support/repo';

interface ManifestSetting {
  readonly default?: unknown;
}

function manifestSettings(): Record<string, ManifestSetting> {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, ManifestSetting> } };
  };
  return manifest.contributes.configuration.properties;
}

suite('host/config/settingsSchema', () => {
  test('every default passes its own check and is the manifest default', () => {
    const properties = manifestSettings();
    for (const spec of Object.values(SettingSpecs)) {
      assert.equal(spec.check(spec.defaultValue), undefined, spec.key);
      assert.deepEqual(properties[`makini.${spec.key}`]?.default, spec.defaultValue, spec.key);
    }
  });

  test('checks refuse values out of range or of the wrong kind, in words', () => {
    const refused: [keyof typeof SettingSpecs, unknown][] = [
      ['pollIntervalSeconds', 9],
      ['pollIntervalSeconds', 86_401],
      ['pollIntervalSeconds', 60.5],
      ['pollIntervalSeconds', '60'],
      ['receiverPort', -1],
      ['receiverPort', 65_536],
      ['alertsEnabled', 'yes'],
      ['signatureScheme', 'hmac'],
      ['receiverPath', 'webhooks'],
      ['receiverHost', 'host name'],
      ['signatureHeader', 'x signature'],
      ['apiUrl', ''],
      ['apiUrl', 'ftp://example.com'],
      ['apiUrl', 'not a url'],
      ['forwardTo', 'file:///etc/passwd'],
    ];
    for (const [name, value] of refused) {
      assert.match(SettingSpecs[name].check(value) ?? '', /^must be /, `${name} = ${JSON.stringify(value)}`);
    }
    const accepted: [keyof typeof SettingSpecs, unknown][] = [
      ['pollIntervalSeconds', 10],
      ['receiverPort', 0],
      ['forwardTo', ''],
      ['forwardTo', 'http://127.0.0.1:3000/hooks'],
      ['receiverHost', '[::1]'],
      ['signatureScheme', 'standard'],
    ];
    for (const [name, value] of accepted) {
      assert.equal(SettingSpecs[name].check(value), undefined, `${name} = ${JSON.stringify(value)}`);
    }
  });
});
