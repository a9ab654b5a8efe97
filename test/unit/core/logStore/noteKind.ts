import type { LogKind } from '../../../../src/core/logStore/logKind';

/** A small record kind for exercising the store without the receiver or the sender. */
export interface Note {
  readonly id: string;
  readonly time: string;
  readonly type: string;
  readonly status: number;
  readonly text: string;
}

export const noteKind: LogKind<Note> = {
  name: 'receipts',
  parse(value) {
    if (typeof value !== 'object' || value === null) return undefined;
    const v = value as Record<string, unknown>;
    if (typeof v.id !== 'string' || typeof v.time !== 'string' || typeof v.type !== 'string')
      return undefined;
    if (typeof v.status !== 'number' || typeof v.text !== 'string') return undefined;
    return { id: v.id, time: v.time, type: v.type, status: v.status, text: v.text };
  },
  facets: (note) => ({ id: note.id, time: note.time, type: note.type, status: note.status }),
};

export function note(n: number, overrides: Partial<Note> = {}): Note {
  return {
    id: `note_${n}`,
    time: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    type: n % 2 === 0 ? 'even' : 'odd',
    status: n % 3 === 0 ? 500 : 200,
    text: `note number ${n}`,
    ...overrides,
  };
}

/** Appends notes `from`..`to` in one turn; resolves once all are written. */
export async function appendNotes(
  store: { append(note: Note): Promise<void> },
  from: number,
  to: number,
  overrides: Partial<Note> = {},
): Promise<void> {
  const written: Promise<void>[] = [];
  for (let i = from; i <= to; i++) written.push(store.append(note(i, overrides)));
  await Promise.all(written);
}
