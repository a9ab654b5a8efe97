/** A message for any thrown value, for display: errors keep their message, anything else is stringified. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}

/**
 * The base of core's typed errors: a `code` that says why (checked by type, never by message
 * text), and the error it wraps as `cause`. Subclasses set `name` and `code`.
 */
export abstract class TypedError<Code extends string = string> extends Error {
  abstract readonly code: Code;

  /** Whether `value` is an error of this class (or a subclass), with `code` when one is given. */
  static is<T extends TypedError>(
    this: abstract new (...args: never[]) => T,
    value: unknown,
    code?: T['code'],
  ): value is T {
    return value instanceof this && (code === undefined || value.code === code);
  }
}

/** A typed error whose code the thrower picks: `new XError(code, message, { cause })`. */
export abstract class CodedError<Code extends string> extends TypedError<Code> {
  constructor(
    readonly code: Code,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
