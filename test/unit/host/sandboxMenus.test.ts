import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../../support/repo';

interface MenuEntry {
  readonly command: string;
  readonly when?: string;
}

const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')) as {
  contributes: { menus: Record<string, readonly MenuEntry[]> };
};
const SANDBOX_COMMANDS = [
  'makini.takeOffline',
  'makini.bringOnline',
  'makini.requireReauthorization',
  'makini.failNextSync',
  'makini.injectApiFault',
  'makini.expireTokens',
  'makini.changeRecord',
  'makini.setReadOnly',
];

suite('host/sandbox menus', () => {
  test("each sandbox command is on a connection's menu only in sandbox mode, and never in the palette outside it", () => {
    const context = manifest.contributes.menus['view/item/context'] ?? [];
    const palette = manifest.contributes.menus.commandPalette ?? [];
    for (const command of SANDBOX_COMMANDS) {
      const entries = context.filter((e) => e.command === command);
      assert.equal(entries.length, 1, command);
      assert.match(
        entries[0]?.when ?? '',
        /view == makini\.connections && makini\.mode == sandbox && viewItem/,
        command,
      );
      const inPalette = palette.find((e) => e.command === command);
      assert.ok(inPalette?.when === 'false' || inPalette?.when === 'makini.mode == sandbox', command);
    }
    const offline = context.find((e) => e.command === 'makini.takeOffline')?.when ?? '';
    const online = context.find((e) => e.command === 'makini.bringOnline')?.when ?? '';
    assert.match(offline, /viewItem != connection\.offline/);
    assert.match(online, /viewItem == connection\.offline/);
  });
});
