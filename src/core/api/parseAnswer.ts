import { MakiniApiError, MalformedResponseError } from './apiErrors';
import type { ApiAnswer, ApiRequest } from './requestRunner';

/**
 * An answer's body read by `parser`.
 * @throws MakiniApiError `malformed`, naming the endpoint, the field and the request ID, when the
 * body is not the shape Makini documents; anything else `parser` throws.
 */
export function parseAnswer<T>(request: ApiRequest, answer: ApiAnswer, parser: (body: unknown) => T): T {
  try {
    return parser(answer.body);
  } catch (error) {
    if (!MalformedResponseError.is(error)) throw error;
    const endpoint = `${request.method} ${request.path.split('?')[0] ?? ''}`;
    throw new MakiniApiError(
      `${endpoint} answered in an unexpected shape: ${error.message}.`,
      {
        code: 'malformed',
        operation: request.operation,
        endpoint,
        status: answer.status,
        requestId: answer.requestId,
        connectionId: request.connectionId,
        attempts: 1,
        retriable: false,
        field: error.field,
      },
      { cause: error },
    );
  }
}
