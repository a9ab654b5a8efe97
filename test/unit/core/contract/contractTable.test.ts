import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CONTRACT_FACTS,
  contractTableMarkdown,
  ENTITY_EVENT_NAMES,
  SOURCES,
} from '../../../../src/core/contract/makiniContract';

const README = join(__dirname, '..', '..', '..', '..', '..', 'README.md');

/** Markdown with table cells trimmed, so that Prettier's column padding does not count. */
function normalized(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) =>
      line.startsWith('|')
        ? line
            .split('|')
            .map((cell) => cell.trim().replace(/^-{3,}$/, '---'))
            .join('|')
        : line,
    )
    .join('\n');
}

suite('contract/makiniContract', () => {
  test("README's table is the contract module's, row for row", () => {
    const readme = normalized(readFileSync(README, 'utf8'));
    const table = contractTableMarkdown();
    assert.ok(
      readme.includes(normalized(table)),
      `README's "What Makini documents, what we assume" table differs from the module; it should read:\n${table}`,
    );
  });

  test('every fact says where it comes from: a known document, or how to change the assumption', () => {
    for (const fact of CONTRACT_FACTS) {
      if (fact.provenance.kind === 'documented') {
        assert.ok(fact.provenance.sources.length > 0, fact.topic);
        for (const source of fact.provenance.sources) assert.ok(SOURCES[source], `${fact.topic}: ${source}`);
      } else {
        assert.match(fact.provenance.change, /\S/, fact.topic);
      }
    }
    const topics = CONTRACT_FACTS.map((f) => f.topic);
    assert.equal(new Set(topics).size, topics.length, 'a topic is listed twice');
  });

  test('the documented entity events are plural and dotted, connection statuses with deleted', () => {
    assert.deepEqual(ENTITY_EVENT_NAMES, [
      'sites.inserted',
      'sites.updated',
      'assets.inserted',
      'assets.updated',
      'purchase_orders.inserted',
      'purchase_orders.updated',
      'work_orders.inserted',
      'work_orders.updated',
      'materials.inserted',
      'materials.updated',
      'locations.inserted',
      'locations.updated',
      'connection_statuses.inserted',
      'connection_statuses.updated',
      'connection_statuses.deleted',
    ]);
  });
});
