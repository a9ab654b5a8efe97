import * as assert from 'node:assert/strict';
import { getEventDefinition } from '../../../../src/core/events/catalog';
import { withArticle } from '../../../../src/core/text/article';

suite('text/article', () => {
  test('an before a vowel sound, a before a consonant sound', () => {
    assert.deepEqual(
      ['asset', 'work order', 'email address', 'update', 'uniform', 'user', 'object', 'site'].map((n) =>
        withArticle(n),
      ),
      [
        'an asset',
        'a work order',
        'an email address',
        'an update',
        'a uniform',
        'a user',
        'an object',
        'a site',
      ],
    );
    assert.equal(withArticle('asset', true), 'An asset');
    assert.equal(withArticle('purchase order', true), 'A purchase order');
  });

  test('the entity events describe themselves with the right article', () => {
    assert.equal(
      getEventDefinition('assets.inserted').description,
      'An asset was inserted in the connected system.',
    );
    assert.equal(
      getEventDefinition('assets.updated').description,
      'An asset was updated in the connected system.',
    );
    assert.equal(
      getEventDefinition('work_orders.inserted').description,
      'A work order was inserted in the connected system.',
    );
  });
});
