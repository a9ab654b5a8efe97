import { countOf } from '../text/plural';
import { type CheckContext, type CheckOutcome, listText } from './checkContext';
import type { CheckExchange } from './checkReport';

function median(sorted: readonly number[]): number {
  const mid = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 === 1 ? sorted[mid] : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return Math.round((value ?? 0) * 10) / 10;
}

/** The labels of `list`, the first few only. */
function labels(list: readonly CheckExchange[]): string {
  const names = list.slice(0, 5).map((e) => e.label);
  return list.length > 5 ? `${names.join(', ')} and ${list.length - 5} more` : listText(names);
}

function seconds(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

/**
 * 2: every genuine delivery is answered within the deadline (a warning above `warnMs`). Judges the
 * run's earlier exchanges, so it makes no requests of its own.
 */
export function answersInTime(context: CheckContext): Promise<CheckOutcome> {
  const { deadlineMs, warnMs } = context;
  const genuine = context.exchanges.filter((e) => e.genuine && e.error?.kind !== 'cancelled');
  const late = (e: CheckExchange): boolean => e.error?.kind === 'timeout' || e.durationMs > deadlineMs;
  const timed = genuine.filter((e) => e.response !== undefined || late(e));
  if (timed.length === 0) {
    return Promise.resolve({
      status: 'fail',
      summary: 'no answers to time',
      explanation: 'None of the deliveries got an answer, so no answer came within the deadline.',
      fix: 'Make sure the endpoint is running and reachable at this URL.',
      exchanges: genuine.slice(0, 3),
    });
  }
  const durations = timed
    .map((e) => (late(e) ? Math.max(e.durationMs, deadlineMs) : e.durationMs))
    .sort((a, b) => a - b);
  const slowest = durations[durations.length - 1] ?? 0;
  const stats = `slowest ${seconds(slowest)}, median ${seconds(median(durations))} over ${countOf(timed.length, 'delivery', 'deliveries')}`;
  const tooSlow = timed.filter(late);
  const slow = timed.filter((e) => !late(e) && e.durationMs > warnMs);
  const flagged = (list: readonly CheckExchange[]): CheckExchange[] => list.map((e) => ({ ...e, ok: false }));
  const fix =
    'Answer 200 as soon as the signature is verified and the event is stored, then do the work in the ' +
    'background (a queue or job), so slow systems behind you do not hold the answer.';
  if (tooSlow.length > 0) {
    return Promise.resolve({
      status: 'fail',
      summary: `${countOf(tooSlow.length, 'answer')} took longer than ${seconds(deadlineMs)}; ${stats}`,
      explanation:
        `Makini waits ${seconds(deadlineMs)} for an answer, then counts the delivery as failed and retries it. ` +
        `Too slow: ${labels(tooSlow)}.`,
      fix,
      exchanges: flagged(tooSlow),
    });
  }
  if (slow.length > 0) {
    return Promise.resolve({
      status: 'warn',
      summary: `${countOf(slow.length, 'answer')} took longer than ${seconds(warnMs)}; ${stats}`,
      explanation:
        `Every answer came within the ${seconds(deadlineMs)} deadline, but ${labels(slow)} ` +
        `took over ${seconds(warnMs)}: little margin when your systems are under load.`,
      fix,
      exchanges: flagged(slow),
    });
  }
  return Promise.resolve({
    status: 'pass',
    summary: stats,
    explanation: `Every delivery was answered within ${seconds(warnMs)} (deadline ${seconds(deadlineMs)}): ${stats}.`,
    exchanges: [],
  });
}

function locationOf(exchange: CheckExchange): string {
  const location = exchange.response?.headers.location;
  const text = typeof location === 'string' ? location : location?.[0];
  return text === undefined ? 'no location given' : `location ${text}`;
}

/** 10: no answer of the run is a redirect (Makini does not follow them). */
export function noRedirects(context: CheckContext): Promise<CheckOutcome> {
  const answered = context.exchanges.filter((e) => e.response !== undefined);
  const redirected = answered.filter(
    (e) => (e.response?.status ?? 0) >= 300 && (e.response?.status ?? 0) < 400,
  );
  if (answered.length === 0) {
    return Promise.resolve({
      status: 'skip',
      summary: 'no answers to judge',
      explanation: 'No request got an answer, so whether the endpoint redirects is unknown.',
      exchanges: [],
    });
  }
  if (redirected.length === 0) {
    return Promise.resolve({
      status: 'pass',
      summary: `no redirects in ${countOf(answered.length, 'answer')}`,
      explanation:
        answered.length === 1
          ? 'The one answer was not a redirect.'
          : `None of the ${answered.length} answers was a redirect.`,
      exchanges: [],
    });
  }
  const first = redirected[0];
  const where = first ? `${first.response?.status ?? ''} with ${locationOf(first)}` : '';
  return Promise.resolve({
    status: 'fail',
    summary: `redirected: ${where}`,
    explanation:
      `${redirected.length} of ${countOf(answered.length, 'answer')} ${redirected.length === 1 ? 'was a redirect' : 'were redirects'} (first: ${where}). Makini does not ` +
      'follow redirects: to it, a 3xx is a failed delivery, retried for up to 24 hours and never arriving.',
    fix:
      'Register the final URL as the webhook endpoint (the location above), or serve the handler at this URL ' +
      'without a redirect (watch for http-to-https upgrades, trailing slashes and login pages).',
    exchanges: redirected.map((e) => ({ ...e, ok: false })),
  });
}
