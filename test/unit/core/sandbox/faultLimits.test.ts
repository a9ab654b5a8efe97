import * as assert from 'node:assert/strict';
import {
  FaultInjector,
  MAX_LATENCY_MS,
  NO_FAULTS,
  parseFaultSpec,
} from '../../../../src/core/sandbox/faults';
import { Sandbox } from '../../../../src/core/sandbox/sandbox';
import { SandboxError } from '../../../../src/core/sandbox/sandboxErrors';
import { seededRandom } from '../../../../src/core/random/seededRandom';
import { call, field } from './sandboxHttp';

const invalidValue = (error: unknown): boolean =>
  error instanceof SandboxError && error.code === 'invalid_value';

suite('sandbox fault limits', () => {
  let sandbox: Sandbox | undefined;
  teardown(() => sandbox?.stop());

  test('latency past what the sandbox waits is refused with what is allowed', () => {
    assert.equal(parseFaultSpec(`latency=${MAX_LATENCY_MS}`).latencyMs, MAX_LATENCY_MS);
    for (const value of [MAX_LATENCY_MS + 1, 2 ** 31, 1e12]) {
      assert.throws(
        () => parseFaultSpec(`latency=${value}`),
        (error: unknown) => {
          assert.ok(invalidValue(error));
          assert.match(
            (error as Error).message,
            new RegExp(`'latency' takes milliseconds from 0 to ${MAX_LATENCY_MS}`),
          );
          return true;
        },
      );
    }
  });

  test('a plan built in code is checked the same way, and a refused one leaves the old plan', () => {
    assert.throws(
      () => new FaultInjector({ ...NO_FAULTS, latencyMs: 2 ** 31 }, seededRandom(1)),
      invalidValue,
    );
    const injector = new FaultInjector({ ...NO_FAULTS, latencyMs: 5 }, seededRandom(1));
    assert.throws(() => injector.setPlan({ ...NO_FAULTS, latencyMs: 1e10 }), invalidValue);
    assert.throws(() => injector.setPlan({ ...NO_FAULTS, serverError: 2 }), invalidValue);
    assert.equal(injector.current.latencyMs, 5);
  });

  test('over HTTP: a latency beyond the limit is a 422 saying the limit; one within it is taken', async () => {
    sandbox = new Sandbox({ seed: 3 });
    const base = await sandbox.start();
    const refused = await call(base, 'POST', '/_sandbox/faults', { body: { spec: 'latency=2147483648' } });
    assert.equal(refused.status, 422);
    assert.match(String(field(refused.body, 'message')), /milliseconds from 0 to 600000, got '2147483648'/);
    assert.equal(sandbox.faults.current.latencyMs, 0);
    const accepted = await call(base, 'POST', '/_sandbox/faults', { body: { spec: 'latency=20' } });
    assert.equal(accepted.status, 200);
    assert.equal(sandbox.faults.current.latencyMs, 20);
  });
});
