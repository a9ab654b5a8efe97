import * as assert from 'node:assert/strict';
import type { HealthEvent, HealthFacts, HealthLevel } from '../../../../src/core/health/healthLevel';
import { evaluateHealth } from '../../../../src/core/health/healthRules';
import { normalizeStatus, normalizeSyncStatus } from '../../../../src/core/health/normalizeStatus';

const T = Date.parse('2025-06-01T12:00:00Z');

function facts(overrides: Partial<HealthFacts>): HealthFacts {
  return {
    status: 'Active',
    syncStatus: 'done',
    syncUpdatedAt: T,
    events: [],
    consecutiveFailures: 0,
    ...overrides,
  };
}

function event(type: string, offsetMs: number, status?: string): HealthEvent {
  return { type, at: T + offsetMs, status };
}

function level(overrides: Partial<HealthFacts>): HealthLevel {
  return evaluateHealth(facts(overrides)).level;
}

suite('health/rules', () => {
  test('healthy: Active with the last sync done or fulldone', () => {
    assert.equal(level({}), 'healthy');
    assert.equal(level({ syncStatus: 'fulldone' }), 'healthy');
  });

  test('syncing: Synchronizing, In progress, or a sync inprogress', () => {
    assert.equal(level({ status: 'Synchronizing' }), 'syncing');
    assert.equal(level({ status: 'In progress' }), 'syncing');
    assert.equal(level({ syncStatus: 'inprogress' }), 'syncing');
  });

  test('pending and inactive come from the status', () => {
    assert.equal(level({ status: 'Pending', syncStatus: 'inprogress' }), 'pending');
    const inactive = evaluateHealth(facts({ status: 'Inactive' }));
    assert.equal(inactive.level, 'inactive');
    assert.match(inactive.reason, /credits/);
  });

  test('sync_error: sync error, or a sync.failed newer than the last success', () => {
    assert.equal(level({ syncStatus: 'error' }), 'sync_error');
    assert.equal(level({ events: [event('sync.failed', 1000)] }), 'sync_error');
    assert.equal(level({ events: [event('sync.failed', -1000)] }), 'healthy', 'an older failure is over');
    const recovered = [event('sync.failed', 1000), event('sync.completed', 2000)];
    assert.equal(level({ events: recovered }), 'healthy');
  });

  test('auth_required: sync fail, or a connection.auth_required newer than the last success', () => {
    assert.equal(level({ syncStatus: 'fail' }), 'auth_required');
    assert.equal(level({ events: [event('connection.auth_required', 1000)] }), 'auth_required');
    assert.equal(level({ events: [event('connection.auth_required', -1000)] }), 'healthy');
  });

  test('offline: a status_changed to offline, or status calls failing repeatedly', () => {
    assert.equal(level({ events: [event('connection.status_changed', 1000, 'offline')] }), 'offline');
    const back = [
      event('connection.status_changed', 1000, 'offline'),
      event('connection.status_changed', 2000, 'online'),
    ];
    assert.equal(level({ events: back }), 'healthy');
    assert.equal(level({ consecutiveFailures: 2 }), 'healthy');
    const failing = evaluateHealth(facts({ consecutiveFailures: 3 }));
    assert.equal(failing.level, 'offline');
    assert.match(failing.reason, /3 times/);
    assert.equal(
      evaluateHealth(facts({ consecutiveFailures: 2 }), { offlineAfterFailures: 2 }).level,
      'offline',
    );
    const once = evaluateHealth(facts({ consecutiveFailures: 1 }), { offlineAfterFailures: 1 });
    assert.equal(once.reason, 'Its status could not be read once.');
  });

  test('unknown: not checked yet, the API unreachable, or a value Makini does not document', () => {
    assert.equal(evaluateHealth({ events: [], consecutiveFailures: 0 }).reason, 'Not checked yet.');
    assert.equal(level({ apiUnreachable: true }), 'unknown');
    const odd = evaluateHealth(facts({ status: 'Suspended' }));
    assert.equal(odd.level, 'unknown');
    assert.match(odd.reason, /'Suspended'/);
    assert.match(evaluateHealth(facts({ syncStatus: 'paused' })).reason, /'paused'/);
  });

  test('statuses are normalised for case, spaces, underscores and dashes', () => {
    assert.equal(level({ status: '  ACTIVE ', syncStatus: 'Done' }), 'healthy');
    assert.equal(level({ status: 'in_progress' }), 'syncing');
    assert.equal(normalizeStatus('In-Progress'), 'in progress');
    assert.equal(normalizeSyncStatus('in progress'), 'inprogress');
    assert.equal(normalizeSyncStatus('FULL_DONE'), 'fulldone');
    assert.equal(normalizeStatus('Gone'), undefined);
  });

  test('precedence: inactive over auth, offline over auth, auth over sync error', () => {
    assert.equal(level({ status: 'Inactive', syncStatus: 'fail' }), 'inactive');
    assert.equal(level({ syncStatus: 'fail', consecutiveFailures: 5 }), 'offline');
    assert.equal(level({ syncStatus: 'fail', events: [event('sync.failed', 1000)] }), 'auth_required');
  });
});
