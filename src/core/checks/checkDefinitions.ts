import { EndpointCheckError } from './endpointCheckError';

/** The checks, in the order they are reported; each id is stable (CI reports and `--only` use it). */
export const CHECK_IDS = [
  'accepts-event-types',
  'answers-in-time',
  'rejects-wrong-signature',
  'rejects-missing-signature',
  'rejects-tampered-body',
  'rejects-stale-timestamp',
  'survives-duplicates',
  'survives-retries',
  'tolerates-unknown',
  'no-redirects',
  'verifies-raw-bytes',
  'accepts-ids-envelope',
] as const;

export type CheckId = (typeof CHECK_IDS)[number];

export interface CheckDefinition {
  readonly id: CheckId;
  /** 1-based, as the checklist numbers it. */
  readonly number: number;
  readonly title: string;
}

const TITLES: Readonly<Record<CheckId, string>> = {
  'accepts-event-types': 'Accepts every event type',
  'answers-in-time': 'Answers within the deadline',
  'rejects-wrong-signature': 'Rejects a wrong signature',
  'rejects-missing-signature': 'Rejects a missing signature',
  'rejects-tampered-body': 'Rejects a tampered body',
  'rejects-stale-timestamp': 'Rejects a stale timestamp',
  'survives-duplicates': 'Survives duplicates',
  'survives-retries': 'Survives retries',
  'tolerates-unknown': 'Handles unknown fields and event types',
  'no-redirects': 'Does not redirect',
  'verifies-raw-bytes': 'Verifies the raw bytes',
  'accepts-ids-envelope': 'Accepts the documented ids envelope',
};

export const CHECK_DEFINITIONS: readonly CheckDefinition[] = CHECK_IDS.map((id, index) => ({
  id,
  number: index + 1,
  title: TITLES[id],
}));

export function isCheckId(value: unknown): value is CheckId {
  return typeof value === 'string' && (CHECK_IDS as readonly string[]).includes(value);
}

/** The definition of check `id`. */
export function checkDefinition(id: CheckId): CheckDefinition {
  const index = CHECK_IDS.indexOf(id);
  return { id, number: index + 1, title: TITLES[id] };
}

/**
 * Reads a selection such as `1,3-5,no-redirects`: numbers, number ranges or ids, comma-separated.
 * The result is in report order, without repeats.
 * @throws EndpointCheckError (`unknown_check`) for an entry that names no check.
 */
export function parseCheckSelection(text: string): CheckId[] {
  const chosen = new Set<CheckId>();
  for (const raw of text.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    if (isCheckId(entry)) {
      chosen.add(entry);
      continue;
    }
    const range = /^(\d+)(?:-(\d+))?$/.exec(entry);
    const from = range ? Number(range[1]) : NaN;
    const to = range?.[2] === undefined ? from : Number(range[2]);
    if (!(from >= 1 && to <= CHECK_IDS.length && from <= to)) {
      throw new EndpointCheckError(
        'unknown_check',
        `'${entry}' names no check: use numbers 1-${CHECK_IDS.length} or ids (${CHECK_IDS.join(', ')}).`,
      );
    }
    for (let n = from; n <= to; n++) chosen.add(CHECK_IDS[n - 1] as CheckId);
  }
  if (chosen.size === 0) throw new EndpointCheckError('unknown_check', 'The check selection is empty.');
  return CHECK_IDS.filter((id) => chosen.has(id));
}
