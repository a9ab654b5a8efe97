/**
 * The longest id, type, connection id or kept header value, in UTF-8 bytes. These are indexed
 * in memory and remembered for duplicates, so a sender that puts a megabyte in an id must not be
 * able to exhaust the receiver; real ones are a few dozen bytes.
 */
export const MAX_FIELD_BYTES = 256;

const CUT_MARK = '…';

/** Whether `value` is over {@link MAX_FIELD_BYTES}, without encoding more than it must. */
export function isOverLimit(value: string): boolean {
  // A UTF-16 unit takes at most 3 UTF-8 bytes: short strings need no count.
  return value.length * 3 > MAX_FIELD_BYTES && Buffer.byteLength(value) > MAX_FIELD_BYTES;
}

/** `value` cut to at most {@link MAX_FIELD_BYTES} bytes and marked with `…` when it was longer. */
export function capField(value: string): string {
  if (!isOverLimit(value)) return value;
  const room = MAX_FIELD_BYTES - Buffer.byteLength(CUT_MARK);
  // Cut by characters first (cheap on a huge string), then back off to whole characters.
  let cut = value.slice(0, room);
  while (Buffer.byteLength(cut) > room) cut = cut.slice(0, -1);
  // A slice shares the original string's memory; a copy through bytes lets the original go.
  return Buffer.from(`${cut}${CUT_MARK}`).toString('utf8');
}
