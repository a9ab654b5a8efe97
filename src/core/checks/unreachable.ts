import type { AttemptError } from '../sender/attemptError';
import type { Unreachable } from './checkReport';

/** Codes that mean no connection could be made to the host at all. */
const NO_ROUTE = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'EHOSTDOWN']);

/**
 * Why `error` means the endpoint cannot be reached (refused, unknown host, no route), or
 * undefined when it is anything else: a timeout, a reset or a TLS failure are answers of a sort
 * and the checks judge them.
 */
export function unreachableFrom(error: AttemptError | undefined): Unreachable | undefined {
  if (error === undefined) return undefined;
  if (error.kind === 'refused')
    return {
      code: error.code ?? 'ECONNREFUSED',
      hint: 'is the endpoint running and listening on that port?',
    };
  if (error.kind === 'dns')
    return { code: error.code ?? 'ENOTFOUND', hint: 'the host name does not resolve; check the URL.' };
  if (error.code !== undefined && NO_ROUTE.has(error.code))
    return { code: error.code, hint: 'there is no route to that host from this machine.' };
  return undefined;
}
