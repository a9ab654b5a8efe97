import type { AttemptRecord, DeliveryRecord } from '../core/sender/deliveryRecord';
import { type DeliveryRequest, WebhookSender } from '../core/sender/webhookSender';
import { countOf } from '../core/text/plural';
import { jsonLine, terminalSafe } from '../core/text/terminalSafe';
import { type CliIo, ExitCode } from './cliCommand';

/**
 * `  attempt 2: 500 Internal Server Error  12 ms  -> retry in 60.000 s`. The status text and
 * error message come from the endpoint, so their control characters are shown escaped.
 */
export function describeAttempt(a: AttemptRecord): string {
  const what = a.response
    ? `${a.response.status} ${terminalSafe(a.response.statusText)}`.trim()
    : `${a.error?.kind ?? 'error'}: ${terminalSafe(a.error?.message ?? '')}`;
  const next =
    a.outcome === 'retry'
      ? `retry in ${((a.nextRetryMs ?? 0) / 1000).toFixed(3)} s${a.nextRetryBasis === 'retry_after' ? ' (Retry-After)' : ''}`
      : a.outcome === 'failed'
        ? `giving up (${terminalSafe(a.stopReason ?? 'failed')})`
        : a.outcome;
  const body = refusedBody(a);
  return `  attempt ${a.number}: ${what}  ${Math.round(a.durationMs)} ms  -> ${next}\n${body === undefined ? '' : `    body: ${terminalSafe(body)}\n`}`;
}

/** How much of a refusal's body a line shows: enough for `{"error":"invalid signature"}`. */
const SHOWN_BODY_CHARS = 200;

/**
 * The start of the body of an answer that was not 2xx, on one line (escape it for the terminal),
 * so that a 401's reason shows; undefined for a 2xx, no answer, or an empty body.
 */
export function refusedBody(a: AttemptRecord): string | undefined {
  const response = a.response;
  if (!response || (response.status >= 200 && response.status < 300)) return undefined;
  const text = response.body.replace(/\s+/g, ' ').trim();
  if (text === '') return undefined;
  const cut = text.length > SHOWN_BODY_CHARS || response.truncated;
  return `${text.slice(0, SHOWN_BODY_CHARS)}${cut ? `… (${response.bodyBytes} bytes)` : ''}`;
}

/** One line per attempt: human, or `{"event":"attempt",...}` with `--json` (naming `variant`, if any). */
export function writeAttempt(io: CliIo, json: boolean, a: AttemptRecord, variant?: string): void {
  if (!json) return void io.stdout.write(describeAttempt(a));
  const line = {
    event: 'attempt',
    id: a.eventId,
    ...(variant === undefined ? {} : { variant }),
    attempt: a.number,
    ...(a.response ? { status: a.response.status } : {}),
    ...(a.error ? { error: a.error.kind } : {}),
    ...(refusedBody(a) === undefined ? {} : { body: refusedBody(a) }),
    ms: Math.round(a.durationMs),
    ...(a.nextRetryMs === undefined ? {} : { next_retry_ms: a.nextRetryMs }),
  };
  io.stdout.write(jsonLine(line));
}

/** One line per finished delivery; `withDeliveryId` names the logged delivery (for replays). */
export function writeResult(io: CliIo, json: boolean, d: DeliveryRecord, withDeliveryId = false): void {
  const delivered = d.status === 'delivered';
  if (json) {
    const line = {
      event: 'result',
      id: d.eventId,
      ...(d.variant === undefined ? {} : { variant: d.variant }),
      delivered,
      attempts: d.attempts.length,
      ...(withDeliveryId ? { delivery_id: d.id } : {}),
    };
    return void io.stdout.write(jsonLine(line));
  }
  const copy = d.duplicate.of > 1 ? ` (copy ${d.duplicate.index}/${d.duplicate.of})` : '';
  const logged = withDeliveryId ? ` (delivery ${d.id})` : '';
  const as = d.variant === undefined || d.variant === 'valid' ? '' : ` as ${d.variant}`;
  io.stdout.write(
    `${terminalSafe(d.eventId)}${copy}${as}: ${d.status} after ${countOf(d.attempts.length, 'attempt')}${logged}\n`,
  );
}

export interface SendOutput {
  readonly json: boolean;
  /** Name the logged delivery on each result line (replays log theirs). */
  readonly withDeliveryId?: boolean;
  /** Called with each finished delivery, before its result line. */
  readonly onFinished?: (delivery: DeliveryRecord) => void;
}

/**
 * Sends `request`, writing a line per attempt and per finished delivery; resolves to the exit
 * code: ok when every delivery was delivered, failed when one was not.
 * @throws what {@link WebhookSender.send} throws.
 */
export async function sendWithOutput(
  io: CliIo,
  request: DeliveryRequest,
  output: SendOutput,
): Promise<number> {
  const sender = new WebhookSender();
  sender.on('attempt', (attempt) => writeAttempt(io, output.json, attempt, request.variant));
  sender.on('deliveryFinished', (delivery) => {
    output.onFinished?.(delivery);
    writeResult(io, output.json, delivery, output.withDeliveryId === true);
  });
  try {
    const deliveries = await sender.send(request);
    return deliveries.every((d) => d.status === 'delivered') ? ExitCode.ok : ExitCode.failed;
  } finally {
    await sender.dispose();
  }
}
