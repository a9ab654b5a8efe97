/**
 * What the receiver made of one request, decided once when it answered, so that every view,
 * the CLI and the health monitor read the same judgement instead of re-deriving it.
 * - `verified`: the signature checked out and the request was answered 2xx.
 * - `accepted_unverified`: answered 2xx without a check, because no secret is configured.
 * - `duplicate`: an event id (or body) accepted before, answered 2xx again.
 * - `rejected`: refused, for `reason` (a signature, size, JSON, host or method problem).
 * - `simulated_failure`: the failure simulation chose a non-2xx answer.
 * - `forwarded`: relayed to the developer's app; `forwardStatus` is what the app answered.
 * - `aborted`: the client went away before the body was complete.
 */
export type ReceiptOutcome =
  | 'verified'
  | 'accepted_unverified'
  | 'duplicate'
  | 'rejected'
  | 'simulated_failure'
  | 'forwarded'
  | 'aborted';

export interface ReceiptVerdict {
  readonly outcome: ReceiptOutcome;
  /**
   * Whether what the webhook says may be acted on: answered 2xx, its signature verified (or no
   * secret configured), and not a redelivery of something already taken.
   */
  readonly actionable: boolean;
  /** Why it was refused or not verified: a signing reason code, `no_secret`, or a limit. */
  readonly reason?: string;
  /** The app's status when forwarded (absent when the app did not answer). */
  readonly forwardStatus?: number;
}

/** The facts a verdict is decided from. */
export interface VerdictFacts {
  readonly status: number;
  readonly verified: boolean;
  readonly reason?: string;
  readonly duplicate: boolean;
  readonly aborted?: boolean;
  readonly simulatedStatus?: number;
  readonly forwarded?: { readonly status?: number };
}

const is2xx = (status: number): boolean => status >= 200 && status < 300;

/** Decides the verdict of an answered (or abandoned) request; the first rule that fits wins. */
export function decideVerdict(facts: VerdictFacts): ReceiptVerdict {
  const signatureOk = facts.verified || facts.reason === 'no_secret';
  const reason = facts.verified ? {} : facts.reason !== undefined ? { reason: facts.reason } : {};
  if (facts.aborted === true) return { outcome: 'aborted', actionable: false, ...reason };
  if (facts.simulatedStatus !== undefined && !is2xx(facts.simulatedStatus))
    return { outcome: 'simulated_failure', actionable: false, ...reason };
  if (facts.forwarded) {
    const forwardStatus = facts.forwarded.status;
    return {
      outcome: 'forwarded',
      actionable: signatureOk && !facts.duplicate && is2xx(facts.status),
      ...reason,
      ...(forwardStatus !== undefined ? { forwardStatus } : {}),
    };
  }
  if (!is2xx(facts.status)) return { outcome: 'rejected', actionable: false, ...reason };
  if (facts.duplicate) return { outcome: 'duplicate', actionable: false, ...reason };
  if (facts.verified) return { outcome: 'verified', actionable: true };
  return { outcome: 'accepted_unverified', actionable: signatureOk, ...reason };
}
