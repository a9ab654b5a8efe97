import * as assert from 'node:assert/strict';
import { MakiniClient } from '../../../../src/core/api/makiniClient';
import { fetchNamedRecords, recordsNamedBy } from '../../../../src/core/api/webhookRecords';
import { type EamStandIn, STAND_IN_CREDENTIALS, startEamStandIn } from '../../../support/eamStandIn';

const ids = (event: string, body: unknown): { envelope: 'ids'; eventType: string; body: string } => ({
  envelope: 'ids',
  eventType: event,
  body: JSON.stringify({ event, body }),
});

suite('api/webhookRecords', () => {
  test('an ids-envelope entity webhook names its collection and ids; other webhooks name nothing', () => {
    const named = recordsNamedBy(ids('work_orders.updated', ['a', 7, 'a', '', null]));
    assert.equal(named?.collection.path, '/api/eam/work-orders');
    assert.deepEqual(named?.ids, ['a', '7'], 'numbers read as text, repeats and non-ids dropped');
    assert.equal(
      recordsNamedBy(ids('connection_statuses.updated', ['x'])),
      undefined,
      'not an EAM collection',
    );
    assert.equal(recordsNamedBy(ids('assets.inserted', [])), undefined, 'no ids');
    assert.equal(recordsNamedBy({ ...ids('assets.inserted', ['x']), envelope: 'detailed' }), undefined);
    assert.equal(
      recordsNamedBy({ ...ids('assets.inserted', ['x']), body: '{"event": "assets.ins' }),
      undefined,
    );
  });

  suite('fetching them', () => {
    let standIn: EamStandIn;
    let client: MakiniClient;
    setup(async () => {
      standIn = await startEamStandIn();
      client = new MakiniClient({ baseUrl: standIn.url, ...STAND_IN_CREDENTIALS, retry: { baseDelayMs: 1 } });
    });
    teardown(async () => {
      client.dispose();
      await standIn.close();
    });

    test("each named record by key with the connection's token, in order; a 404 is missing, with its request id", async () => {
      const named = recordsNamedBy(ids('work_orders.updated', ['work-orders-9', 'gone', 'work-orders-2']));
      assert.ok(named);
      const { records, missing } = await fetchNamedRecords(client, 'conn-1', named);
      assert.deepEqual(
        records.map((r) => r.key),
        ['work-orders-9', 'work-orders-2'],
      );
      assert.equal(missing.length, 1);
      assert.equal(missing[0]?.key, 'gone');
      assert.equal(missing[0]?.status, 404);
      assert.match(missing[0]?.requestId ?? '', /^req_/);
      assert.ok(standIn.requests.includes('GET /api/eam/work-orders/work-orders-9 connection:conn-1'));
    });

    test('any other failure is the error, after the retries', async () => {
      standIn.failNext('/api/eam/work-orders/', 500, 20);
      const named = recordsNamedBy(ids('work_orders.updated', ['work-orders-1']));
      assert.ok(named);
      await assert.rejects(fetchNamedRecords(client, 'conn-1', named), {
        name: 'MakiniApiError',
        status: 500,
      });
    });
  });
});
