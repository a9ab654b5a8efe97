import type Mocha from 'mocha';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './makiniApi';

/** Every `makini.*` setting as the user and workspace scopes hold it, keyed by scope and name. */
function snapshot(): Map<string, string | undefined> {
  const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as
    { contributes?: { configuration?: { properties?: Record<string, unknown> } } } | undefined;
  const keys = Object.keys(manifest?.contributes?.configuration?.properties ?? {});
  const configuration = vscode.workspace.getConfiguration();
  const values = new Map<string, string | undefined>();
  for (const key of keys) {
    const inspected = configuration.inspect(key);
    values.set(`user ${key}`, JSON.stringify(inspected?.globalValue));
    values.set(`workspace ${key}`, JSON.stringify(inspected?.workspaceValue));
  }
  return values;
}

function differences(before: Map<string, string | undefined>): string[] {
  const after = snapshot();
  return [...before].flatMap(([name, was]) => {
    const now = after.get(name);
    return now === was ? [] : [`${name} was ${was ?? 'unset'}, is ${now ?? 'unset'}`];
  });
}

/**
 * Root hooks that fail the test (or, for changes made in a suite's setup, the run) that leaves a
 * `makini.*` setting other than it found it: the next tests would run on someone else's values,
 * such as the default receiver port instead of the free one the launcher asked for.
 */
export function settingsGuard(): Mocha.RootHookObject {
  let beforeRun = new Map<string, string | undefined>();
  let beforeTest = new Map<string, string | undefined>();
  return {
    beforeAll: () => void (beforeRun = snapshot()),
    beforeEach: () => void (beforeTest = snapshot()),
    afterEach: () => {
      const changed = differences(beforeTest);
      if (changed.length > 0) throw new Error(`The test left settings changed: ${changed.join('; ')}`);
    },
    afterAll: () => {
      const changed = differences(beforeRun);
      if (changed.length > 0) throw new Error(`The suites left settings changed: ${changed.join('; ')}`);
    },
  };
}
