import { TypedError } from '../errors';

/** A request the sandbox could not accept; answered with a Makini-style error body. */
export class HttpProblem extends TypedError {
  override readonly name = 'HttpProblem';
  constructor(
    readonly status: number,
    readonly code: string,
    readonly type: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
