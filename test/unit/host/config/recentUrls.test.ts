import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { recentUrls, rememberUrl } from '../../../../src/host/config/recentUrls';

/** A Memento over a Map, as VS Code's global state behaves for these calls. */
function memoryMemento(): vscode.Memento {
  const values = new Map<string, unknown>();
  return {
    keys: () => [...values.keys()],
    get: <T>(key: string, defaultValue?: T): T => (values.has(key) ? values.get(key) : defaultValue) as T,
    update: (key: string, value: unknown) => {
      values.set(key, value);
      return Promise.resolve();
    },
  };
}

suite('host/config/recentUrls', () => {
  test('newest first, a repeat moves to the front, five kept, each key on its own', async () => {
    const state = memoryMemento();
    assert.deepEqual(recentUrls(state, 'send'), []);
    for (const n of [1, 2, 3, 4, 5, 6]) await rememberUrl(state, 'send', `http://127.0.0.1/${n}`);
    assert.deepEqual(
      recentUrls(state, 'send'),
      [6, 5, 4, 3, 2].map((n) => `http://127.0.0.1/${n}`),
    );
    await rememberUrl(state, 'send', 'http://127.0.0.1/3');
    assert.deepEqual(
      recentUrls(state, 'send'),
      [3, 6, 5, 4, 2].map((n) => `http://127.0.0.1/${n}`),
    );
    assert.deepEqual(recentUrls(state, 'check'), []);
  });
});
