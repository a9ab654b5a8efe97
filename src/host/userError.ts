/** What a {@link UserError} asks of the user. */
export type UserErrorReason =
  /** Pick an item in a view first (or pass one to the command). */
  | 'noSelection'
  /** A command's arguments, given by a test or another extension, are not what it takes. */
  | 'invalidArguments'
  /** A setting, a secret or a folder the command needs is missing. */
  | 'notConfigured'
  /** There is nothing yet to act on (no delivery, no check report, no attempt). */
  | 'nothingYet'
  /** The item cannot do this (a recorded body that is not a webhook envelope cannot be replayed). */
  | 'unsupported'
  /** The local receiver cannot listen where the settings say. */
  | 'receiverUnavailable';

/**
 * Something the user must fix, with the fix in its message; the command wrapper shows it as it
 * is. Anything else that fails is a bug or an outside failure, and keeps its own type.
 */
export class UserError extends Error {
  override readonly name = 'UserError';

  constructor(
    readonly reason: UserErrorReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  static is(error: unknown, reason?: UserErrorReason): error is UserError {
    return error instanceof UserError && (reason === undefined || error.reason === reason);
  }
}
