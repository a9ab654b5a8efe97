/** Why the log store could not do what was asked. */
export type LogStoreErrorCode = 'openFailed' | 'closed';

export class LogStoreError extends Error {
  override readonly name = 'LogStoreError';
  constructor(
    readonly code: LogStoreErrorCode,
    message: string,
  ) {
    super(message);
  }
}
