import { TypedError } from '../errors';

/** One field of a request that failed validation: its path (`tasks/0/title`) and why. */
export interface FieldIssue {
  readonly field: string;
  readonly message: string;
}

/** A request the sandbox could not accept; answered with a Makini-style error body. */
export class HttpProblem extends TypedError {
  override readonly name = 'HttpProblem';
  constructor(
    readonly status: number,
    readonly code: string,
    readonly type: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
    options?: ErrorOptions & { readonly fields?: readonly FieldIssue[] },
  ) {
    super(message, options);
    this.fields = options?.fields ?? [];
  }

  /** The request fields that failed, answered as `errors` (empty for other problems). */
  readonly fields: readonly FieldIssue[];
}
