import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { WalkthroughKeys } from '../../../src/host/constants';
import { repoRoot } from '../../support/repo';

interface Manifest {
  readonly contributes: {
    readonly walkthroughs: readonly {
      readonly id: string;
      readonly steps: readonly { readonly id: string; readonly completionEvents?: readonly string[] }[];
    }[];
  };
}

suite('host/walkthrough manifest', () => {
  test('each step is ticked by the context key of what it asks for, never by a command run or a view opened', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')) as Manifest;
    const walkthrough = manifest.contributes.walkthroughs.find((w) => w.id === 'makini.gettingStarted');
    assert.ok(walkthrough, 'the getting-started walkthrough');
    const keys = walkthrough.steps.map((step) => {
      assert.equal(step.completionEvents?.length, 1, step.id);
      const [event = ''] = step.completionEvents ?? [];
      assert.match(event, /^onContext:/, `${step.id} completes on ${event}`);
      return event.slice('onContext:'.length);
    });
    assert.deepEqual([...keys].sort(), Object.values<string>(WalkthroughKeys).sort(), 'one step per key');
  });
});
