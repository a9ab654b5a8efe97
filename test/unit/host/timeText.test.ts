import * as assert from 'node:assert/strict';
import { localTime, relativeAge } from '../../../src/host/views/timeText';

suite('host/views/timeText', () => {
  test('an age reads in the largest whole unit, past or ahead', () => {
    assert.equal(relativeAge(400), 'just now');
    assert.equal(relativeAge(5_900), '5 s ago');
    assert.equal(relativeAge(3 * 60_000 + 10), '3 min ago');
    assert.equal(relativeAge(2 * 3_600_000), '2 h ago');
    assert.equal(relativeAge(3 * 86_400_000), '3 d ago');
    assert.equal(relativeAge(-90_000), 'in 1 min');
  });

  test('a time reads as local clock time and its age; the date only when not today', () => {
    const now = Date.parse('2026-03-04T12:00:00Z');
    const today = localTime('2026-03-04T11:55:00Z', now);
    assert.equal(today, `${new Date('2026-03-04T11:55:00Z').toLocaleTimeString()} · 5 min ago`);
    const before = localTime('2026-02-01T11:55:00Z', now);
    assert.equal(before, `${new Date('2026-02-01T11:55:00Z').toLocaleString()} · 31 d ago`);
    assert.equal(localTime('not a time', now), 'not a time');
  });
});
