import type { EventDefinition } from './eventDefinition';
import { PROVIDER_SLUGS } from './providers';
import {
  closedObject,
  count,
  dateTime,
  entityName,
  entityNames,
  type EntityName,
  isoSeconds,
  nonEmptyString,
  shifted,
} from './schemaParts';

export interface EntitySyncCounts {
  readonly entity: EntityName;
  readonly inserted: number;
  readonly updated: number;
  readonly failed: number;
}

export interface SyncCompletedData {
  readonly sync_id: string;
  readonly provider: string;
  readonly mode: 'full' | 'incremental';
  readonly started_at: string;
  readonly completed_at: string;
  readonly duration_ms: number;
  readonly entities: readonly EntitySyncCounts[];
}

export interface SyncFailedData {
  readonly sync_id: string;
  readonly provider: string;
  readonly mode: 'full' | 'incremental';
  readonly started_at: string;
  readonly failed_at: string;
  readonly error: { readonly code: string; readonly message: string };
  readonly affected_entities: readonly EntityName[];
  readonly will_retry: boolean;
  readonly next_retry_at?: string;
}

const mode = { type: 'string', enum: ['full', 'incremental'] };

const SYNC_ERRORS = [
  { code: 'AUTHENTICATION_FAILED', message: 'The platform rejected the stored credentials.' },
  { code: 'RATE_LIMIT_EXCEEDED', message: 'The platform answered 429 Too Many Requests; backing off.' },
  { code: 'PLATFORM_UNAVAILABLE', message: 'The platform did not answer within 60 seconds.' },
  { code: 'SCHEMA_MISMATCH', message: 'A required field is missing from the platform response.' },
] as const;

export const syncCompleted: EventDefinition<SyncCompletedData> = {
  type: 'sync.completed',
  description: 'A sync of a connection finished: per-entity inserted/updated/failed counts.',
  dataSchema: closedObject({
    sync_id: nonEmptyString,
    provider: nonEmptyString,
    mode,
    started_at: dateTime,
    completed_at: dateTime,
    duration_ms: count,
    entities: {
      type: 'array',
      items: closedObject({ entity: entityName, inserted: count, updated: count, failed: count }),
    },
  }),
  sample({ random, now, provider }) {
    const full = random.chance(0.25);
    const durationMs = random.int(full ? 60_000 : 2_000, full ? 1_800_000 : 90_000);
    const scale = full ? 5_000 : 120;
    return {
      sync_id: `sync_${random.token(16)}`,
      provider: provider ?? random.pick(PROVIDER_SLUGS),
      mode: full ? 'full' : 'incremental',
      started_at: isoSeconds(shifted(now, -durationMs)),
      completed_at: isoSeconds(now),
      duration_ms: durationMs,
      entities: entityNames.map((entity) => ({
        entity,
        inserted: random.int(0, scale),
        updated: random.int(0, scale),
        failed: random.chance(0.2) ? random.int(1, 5) : 0,
      })),
    };
  },
};

export const syncFailed: EventDefinition<SyncFailedData> = {
  type: 'sync.failed',
  description: 'A sync of a connection failed: the error, the entities affected, whether it is retried.',
  dataSchema: closedObject(
    {
      sync_id: nonEmptyString,
      provider: nonEmptyString,
      mode,
      started_at: dateTime,
      failed_at: dateTime,
      error: closedObject({ code: nonEmptyString, message: nonEmptyString }),
      affected_entities: { type: 'array', items: entityName, uniqueItems: true },
      will_retry: { type: 'boolean' },
      next_retry_at: dateTime,
    },
    ['next_retry_at'],
  ),
  sample({ random, now, provider }) {
    const error = random.pick(SYNC_ERRORS);
    const willRetry = error.code !== 'AUTHENTICATION_FAILED';
    const affected = entityNames.filter(() => random.chance(0.5));
    return {
      sync_id: `sync_${random.token(16)}`,
      provider: provider ?? random.pick(PROVIDER_SLUGS),
      mode: random.chance(0.25) ? 'full' : 'incremental',
      started_at: isoSeconds(shifted(now, -random.int(1_000, 600_000))),
      failed_at: isoSeconds(now),
      error: { ...error },
      affected_entities: affected.length > 0 ? affected : ['work_order'],
      will_retry: willRetry,
      ...(willRetry ? { next_retry_at: isoSeconds(shifted(now, 30_000 * 2 ** random.int(0, 4))) } : {}),
    };
  },
};
