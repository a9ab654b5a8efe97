import { CodedError } from '../errors';

/**
 * Why the log store could not do what was asked. `writeFailed`: records did not reach the file
 * and were not stored. `unsafeSegment`: a segment's name is taken by something the store will not
 * write through (a symbolic link, a directory, a file it did not make).
 */
export type LogStoreErrorCode = 'openFailed' | 'closed' | 'writeFailed' | 'unsafeSegment';

export class LogStoreError extends CodedError<LogStoreErrorCode> {
  override readonly name = 'LogStoreError';
}
