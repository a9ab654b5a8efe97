import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../../support/repo';
import { runNode } from '../../support/nodeProcess';

/** Calls the launcher's own `prepareRunDir(runDir, settings, options)` in a child Node. */
async function prepare(runDir: string, settings: object, options: object): Promise<void> {
  const module = pathToFileURL(path.join(repoRoot(), 'scripts', 'lib', 'codeServer.mjs')).href;
  const script = path.join(runDir, '..', 'prepare.mjs');
  fs.writeFileSync(
    script,
    `import { prepareRunDir } from ${JSON.stringify(module)};\n` +
      `prepareRunDir(${JSON.stringify(runDir)}, ${JSON.stringify(settings)}, ${JSON.stringify(options)});\n`,
  );
  const { code, stderr } = await runNode(script, []);
  assert.equal(code, 0, stderr);
}

function userSettings(runDir: string): Record<string, unknown> {
  const file = path.join(runDir, 'user-data', 'User', 'settings.json');
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
}

suite('editor profile of npm start', () => {
  let base: string;
  setup(() => (base = fs.mkdtempSync(path.join(os.tmpdir(), 'makini-profile-'))));
  teardown(() => fs.rmSync(base, { recursive: true, force: true }));

  test('a kept profile keeps what the user set and only adds the settings it lacks', async () => {
    const runDir = path.join(base, 'start');
    await prepare(runDir, {}, { keep: true });
    const file = path.join(runDir, 'user-data', 'User', 'settings.json');
    const first = userSettings(runDir);
    assert.equal(first['update.mode'], 'none');
    const edited: Record<string, unknown> = {
      ...first,
      'makini.receiver.port': 9123,
      'update.mode': 'manual',
    };
    delete edited['workbench.tips.enabled'];
    fs.writeFileSync(file, JSON.stringify(edited));

    await prepare(runDir, {}, { keep: true });
    const second = userSettings(runDir);
    assert.equal(second['makini.receiver.port'], 9123);
    assert.equal(second['update.mode'], 'manual', "the user's own value was overwritten");
    assert.equal(second['workbench.tips.enabled'], false, 'a missing quiet setting was not added back');
  });

  test('a throw-away profile starts from the given settings every time', async () => {
    const runDir = path.join(base, 'test');
    await prepare(runDir, { 'makini.receiver.port': 0 }, {});
    fs.writeFileSync(path.join(runDir, 'user-data', 'User', 'settings.json'), '{"makini.receiver.port": 1}');
    await prepare(runDir, { 'makini.receiver.port': 0 }, {});
    assert.equal(userSettings(runDir)['makini.receiver.port'], 0);
  });
});

suite('npm run screenshot', () => {
  test("the README's npm-scripts table names every scene the script takes, and only those", () => {
    const script = fs.readFileSync(path.join(repoRoot(), 'scripts', 'screenshot.mjs'), 'utf8');
    const declared = /export const VIEWS = \[([^\]]*)\]/.exec(script)?.[1] ?? '';
    const views = [...declared.matchAll(/'([\w-]+)'/g)].map((m) => m[1]);
    assert.ok(views.length >= 5, 'no VIEWS list found in scripts/screenshot.mjs');
    const readme = fs.readFileSync(path.join(repoRoot(), 'README.md'), 'utf8');
    const row = readme.split('\n').find((l) => l.startsWith('| `npm run screenshot'));
    const listed = /VIEW: ([\w\s,-]+?) \|/.exec(row ?? '')?.[1]?.split(/,\s*/) ?? [];
    assert.deepEqual(listed, views);
  });
});
