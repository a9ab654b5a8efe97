import * as assert from 'node:assert/strict';
import {
  describeFilter,
  parseRecordFilter,
  parseSince,
  receiptFilterStatus,
  RecordFilterError,
} from '../../../../src/core/logStore/recordFilter';
import type { ReceiptOutcome } from '../../../../src/core/receiver/receiptVerdict';

const NOW = new Date('2026-03-01T12:00:00.000Z');

suite('logStore record filter', () => {
  test('an age counts back from now; a date is read as given; anything else is refused', () => {
    assert.equal(parseSince('10m', NOW), '2026-03-01T11:50:00.000Z');
    assert.equal(parseSince('2h', NOW), '2026-03-01T10:00:00.000Z');
    assert.equal(parseSince('1d', NOW), '2026-02-28T12:00:00.000Z');
    assert.equal(parseSince('2026-02-01', NOW), '2026-02-01T00:00:00.000Z');
    for (const bad of ['10', 'm', '-5m', 'yesterday', '10 minutes'])
      assert.throws(
        () => parseSince(bad, NOW),
        (e) => RecordFilterError.is(e, 'bad_since'),
        bad,
      );
  });

  test('a type alias is read as the documented name; a status must be of the kind', () => {
    assert.deepEqual(parseRecordFilter('deliveries', { type: 'work_order.updated', status: 'failed' }, NOW), {
      type: 'work_orders.updated',
      status: 'failed',
    });
    assert.throws(
      () => parseRecordFilter('receipts', { status: 'delivered' }, NOW),
      (e) =>
        RecordFilterError.is(e, 'unknown_status') &&
        /verified, unverified, refused, duplicate/.test(e.message),
    );
    assert.throws(
      () => parseRecordFilter('deliveries', { type: 'orders.exploded' }, NOW),
      (e) => RecordFilterError.is(e, 'unknown_type'),
    );
  });

  test("a receipt's status comes from its verdict; a relayed one from what the receiver checked", () => {
    const status = (
      outcome: ReceiptOutcome,
      facts: { verified?: boolean; duplicate?: boolean; status?: number } = {},
    ) =>
      receiptFilterStatus({
        verdict: { outcome, actionable: false },
        verified: facts.verified ?? false,
        duplicate: facts.duplicate ?? false,
        status: facts.status ?? 200,
      });
    assert.equal(status('verified'), 'verified');
    assert.equal(status('accepted_unverified'), 'unverified');
    assert.equal(status('duplicate'), 'duplicate');
    for (const refused of ['rejected', 'simulated_failure', 'aborted'] as const)
      assert.equal(status(refused), 'refused');
    assert.equal(status('forwarded', { verified: true }), 'verified');
    assert.equal(status('forwarded', { verified: true, duplicate: true }), 'duplicate');
    assert.equal(status('forwarded', { verified: true, status: 502 }), 'refused');
  });

  test('the description names each part that is set', () => {
    assert.equal(
      describeFilter(
        parseRecordFilter('deliveries', { status: 'failed', type: 'sync.failed', text: ' wo-7 ' }, NOW),
      ),
      'failed · sync.failed · "wo-7"',
    );
  });
});
