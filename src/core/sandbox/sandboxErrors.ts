import { CodedError } from '../errors';

/** Why a sandbox control operation was refused. */
export type SandboxErrorCode = 'unknown_connection' | 'invalid_value' | 'not_running' | 'already_running';

/** A control operation the sandbox refused; `code` says why (checked by type, never by text). */
export class SandboxError extends CodedError<SandboxErrorCode> {
  override readonly name = 'SandboxError';
}
