import type { EventDefinition } from './eventDefinition';
import { closedObject, entityName, nonEmptyString } from './schemaParts';
import type { EntityName } from './schemaParts';

export interface SystemErrorData {
  readonly error: { readonly code: string; readonly type: string; readonly message: string };
  readonly request_id: string;
  readonly operation: string;
  readonly affected_entities: readonly EntityName[];
}

/** The errors a `system.error` reports, as Makini's FAQ names its error codes. */
export const SYSTEM_ERRORS = [
  { code: 'RATE_LIMIT_EXCEEDED', type: 'rate_limit_error', message: 'Too many requests to the platform.' },
  { code: 'INTERNAL_ERROR', type: 'api_error', message: 'An unexpected error occurred while processing.' },
  { code: 'PLATFORM_TIMEOUT', type: 'platform_error', message: 'The platform did not answer in time.' },
  { code: 'AUTHENTICATION_FAILED', type: 'authentication_error', message: 'Invalid platform credentials.' },
] as const;

/** Operations Makini serves a connection, each with the entity it touches. */
export const SYSTEM_ERROR_OPERATIONS = [
  ['GET /api/eam/work-orders', 'work_order'],
  ['POST /api/eam/work-orders', 'work_order'],
  ['GET /api/eam/assets', 'asset'],
  ['GET /api/eam/sites', 'site'],
  ['GET /api/eam/purchase-orders', 'purchase_order'],
] as const;

export const systemError: EventDefinition<SystemErrorData> = {
  type: 'system.error',
  description: 'Makini hit an error serving a connection: code, type, message, request id, operation.',
  dataSchema: closedObject({
    error: closedObject({ code: nonEmptyString, type: nonEmptyString, message: nonEmptyString }),
    request_id: nonEmptyString,
    operation: nonEmptyString,
    affected_entities: { type: 'array', items: entityName, uniqueItems: true },
  }),
  sample({ random }) {
    const [operation, entity] = random.pick(SYSTEM_ERROR_OPERATIONS);
    return {
      error: { ...random.pick(SYSTEM_ERRORS) },
      request_id: `req_${random.token(20)}`,
      operation,
      affected_entities: [entity],
    };
  },
};
