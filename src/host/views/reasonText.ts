/** Words for the codes the sender and the receiver record, for what the editor shows. */

const STOP_REASONS: Readonly<Record<string, string>> = {
  gone: 'the endpoint answered 410 Gone',
  max_attempts: 'that was the last attempt allowed (makini.delivery.maxAttempts)',
  window_elapsed: "Makini's retry window has passed",
  retry_after_beyond_window: 'Retry-After asked for a wait past the retry window',
};

const RECEIPT_REASONS: Readonly<Record<string, string>> = {
  missing_header: 'no signature header',
  malformed: 'malformed signature header',
  mismatch: 'signature does not match',
  timestamp_out_of_tolerance: 'timestamp outside the tolerance',
  no_secret: 'no secret set to verify with',
  body_too_large: 'body too large',
  field_too_long: 'a field is too long',
  forward_loop: 'the forward target is this receiver',
  invalid_json: 'the body is not JSON',
  method_not_allowed: 'not a POST',
  misdirected_request: 'the Host header names another machine',
  not_found: 'not the receiver’s path',
  not_stored: 'could not be stored',
  request_timeout: 'the request was too slow',
  unsupported_media_type: 'not a JSON body',
  receiver_error: 'the receiver failed',
  invalid_status: 'the app answered an invalid status',
  simulated_failure: 'simulated failure',
  timeout: 'no answer in time',
  unreachable: 'could not connect',
};

/** Why a delivery stopped retrying, in words; an unknown code as it is. */
export function stopReasonText(code: string): string {
  return STOP_REASONS[code] ?? code;
}

/** Why the receiver refused or did not verify a webhook, in words; an unknown code as it is. */
export function receiptReasonText(code: string): string {
  return RECEIPT_REASONS[code] ?? code;
}
