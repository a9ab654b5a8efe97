import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseScenarioText } from '../../../../src/core/scenarios/parseScenario';
import { createAjv } from '../../../../src/core/vendor/ajvModule';
import { scenarioFileSchema } from '../../../../src/core/scenarios/scenarioSchema';
import { repoRoot } from '../../../support/repo';

interface Manifest {
  readonly contributes: { readonly jsonValidation: readonly { fileMatch: string; url: string }[] };
}

suite('scenario schema file', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')) as Manifest;
  const entry = manifest.contributes.jsonValidation.find(
    (v) => v.fileMatch === '**/.makini/scenarios/*.json',
  );

  test("the manifest gives .makini/scenarios/*.json the schema the build writes, which is the parser's", () => {
    assert.ok(entry, 'a jsonValidation entry for scenario files');
    const file = path.join(repoRoot(), entry.url);
    const written = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    assert.deepEqual(written, JSON.parse(JSON.stringify(scenarioFileSchema())));
  });

  test('an editor checking with the written file accepts a good scenario and flags an unknown step', () => {
    assert.ok(entry);
    const schema = JSON.parse(fs.readFileSync(path.join(repoRoot(), entry.url), 'utf8')) as object;
    const validate = createAjv().compile(schema);
    assert.equal(
      validate({ name: 'ok', steps: [{ step: 'send', event: 'sync.completed', delay_ms: 5 }] }),
      true,
    );
    assert.equal(validate({ name: 'ok', steps: [{ step: 'sleep' }] }), false);
    assert.ok(validate.errors?.some((e) => e.instancePath === '/steps/0/step'));
  });

  test("the README's scenario file example is a valid scenario", () => {
    const readme = fs.readFileSync(path.join(repoRoot(), 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Scenarios'));
    const example = /```json\n([\s\S]*?)```/.exec(section)?.[1];
    assert.ok(example, 'a json block in the Scenarios section');
    const scenario = parseScenarioText(example, 'README.md');
    assert.deepEqual(
      scenario.steps.map((s) => s.kind),
      ['sandbox', 'send', 'resend', 'sandbox'],
    );
  });
});
