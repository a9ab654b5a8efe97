import * as assert from 'node:assert/strict';
import { Lazy } from '../../../src/host/lazy';
import { Disposable, type DisposableLike } from '../../../src/host/lifecycle';

class Owner extends Disposable {
  own<T extends DisposableLike>(value: T): T {
    return this._register(value);
  }

  get closed(): boolean {
    return this.isDisposed;
  }
}

suite('host/lifecycle and lazy', () => {
  test('an owner disposes what it registered once, newest first; later registrations at once', () => {
    const disposed: string[] = [];
    const part = (name: string): DisposableLike => ({ dispose: () => disposed.push(name) });
    const owner = new Owner();
    owner.own(part('timer'));
    owner.own(part('server'));
    owner.own(part('listener'));
    assert.equal(owner.closed, false);
    owner.dispose();
    owner.dispose();
    assert.deepEqual(disposed, ['listener', 'server', 'timer']);
    assert.equal(owner.closed, true);
    owner.own(part('late'));
    assert.deepEqual(disposed, ['listener', 'server', 'timer', 'late']);
  });

  test('a lazy value is made on first use, once, and ifMade does not make it', () => {
    let made = 0;
    const lazy = new Lazy(() => ({ n: ++made }));
    assert.equal(lazy.ifMade, undefined);
    assert.equal(made, 0);
    const value = lazy.value;
    assert.equal(lazy.value, value);
    assert.equal(lazy.ifMade, value);
    assert.equal(made, 1);
  });
});
