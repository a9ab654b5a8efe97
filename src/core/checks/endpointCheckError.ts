import { CodedError } from '../errors';

export type EndpointCheckErrorCode = 'invalid_url' | 'invalid_options' | 'unknown_check';

/** A check run cannot start: bad URL, options out of range, or a selection naming no check. */
export class EndpointCheckError extends CodedError<EndpointCheckErrorCode> {
  override readonly name = 'EndpointCheckError';
}
