import { TypedError } from '../errors';

export type EndpointCheckErrorCode = 'invalid_url' | 'invalid_options' | 'unknown_check';

/** A check run cannot start: bad URL, options out of range, or a selection naming no check. */
export class EndpointCheckError extends TypedError<EndpointCheckErrorCode> {
  override readonly name = 'EndpointCheckError';
  constructor(
    readonly code: EndpointCheckErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
