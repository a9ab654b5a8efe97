import * as assert from 'node:assert/strict';
import { MakiniApiError } from '../../../../src/core/api/apiErrors';
import {
  formatSupportReport,
  type SupportEnvironment,
  supportReport,
} from '../../../../src/core/api/supportReport';

const environment: SupportEnvironment = {
  extensionVersion: '0.1.0',
  mode: 'live',
  apiUrl: 'https://user:hunter2@api.makini.io/',
  editor: 'VS Code 1.96.0',
  os: 'linux 6.8.0 x64',
};

suite('api/supportReport', () => {
  test('names the extension version, mode, API URL, editor and OS before the last error', () => {
    const error = new MakiniApiError('GET /api/system/connections answered 401: bad', {
      code: 'http',
      operation: 'listConnections',
      endpoint: 'GET /api/system/connections',
      status: 401,
      requestId: 'req_123',
      attempts: 1,
      retriable: false,
    });
    const text = formatSupportReport(supportReport(error, new Date('2025-01-02T03:04:05Z')), environment);
    assert.deepEqual(text.split('\n'), [
      'Makini support report (contains no secrets)',
      '  Extension version: 0.1.0',
      '  Mode: live',
      '  API URL: https://api.makini.io/',
      '  Editor: VS Code 1.96.0',
      '  OS: linux 6.8.0 x64',
      '  Time: 2025-01-02T03:04:05.000Z',
      '  Operation: listConnections',
      '  Endpoint: GET /api/system/connections',
      '  Request ID: req_123',
      '  HTTP status: 401',
      '  Attempts: 1',
      '  Message: GET /api/system/connections answered 401: bad',
      '  Send this report to Makini support with your question.',
    ]);
    assert.ok(!text.includes('hunter2'), 'credentials in the URL are left out');
  });

  test('with no failed call it still describes the environment', () => {
    const text = formatSupportReport(undefined, { ...environment, apiUrl: 'http://127.0.0.1:4010/' });
    assert.match(text, /API URL: http:\/\/127\.0\.0\.1:4010\//);
    assert.match(text, /Last error: none since the last successful poll/);
    assert.ok(!/status page/i.test(text));
  });
});
