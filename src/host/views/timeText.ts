/** `3 s ago`, `5 min ago`, `2 h ago`, `4 d ago`; `just now` under a second, `in 5 min` ahead. */
export function relativeAge(ms: number): string {
  const ahead = ms < 0;
  const abs = Math.abs(ms);
  if (abs < 1000) return 'just now';
  const [value, unit] =
    abs < 60_000
      ? [abs / 1000, 's']
      : abs < 3_600_000
        ? [abs / 60_000, 'min']
        : abs < 86_400_000
          ? [abs / 3_600_000, 'h']
          : [abs / 86_400_000, 'd'];
  const text = `${Math.floor(value)} ${unit}`;
  return ahead ? `in ${text}` : `${text} ago`;
}

/**
 * An ISO time as the user reads it: local clock time (with the date when not today) and its age,
 * `14:03:07 · 5 min ago`. The ISO text itself goes on hover (a tooltip, an HTML `title`).
 */
export function localTime(iso: string, now = Date.now()): string {
  const time = Date.parse(iso);
  if (!Number.isFinite(time)) return iso;
  const date = new Date(time);
  const sameDay = new Date(now).toDateString() === date.toDateString();
  const clock = sameDay ? date.toLocaleTimeString() : date.toLocaleString();
  return `${clock} · ${relativeAge(now - time)}`;
}
