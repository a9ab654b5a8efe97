import * as assert from 'node:assert/strict';
import { syncStatusWords } from '../../../../src/core/health/syncStatusWords';

suite('health/syncStatusWords', () => {
  test("Makini's sync status codes read as words, in any of their spellings", () => {
    assert.deepEqual(
      ['fulldone', 'done', 'inprogress', 'In_Progress', 'error', 'fail'].map(syncStatusWords),
      [
        'full sync done',
        'done',
        'in progress',
        'in progress',
        'error',
        'failed (invalid platform credentials)',
      ],
    );
  });

  test('a sync status Makini does not document is shown as it came', () => {
    assert.equal(syncStatusWords('paused'), 'paused');
  });
});
