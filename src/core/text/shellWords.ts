// Shell words for POSIX shells (sh, bash, dash, zsh, ksh) that stand for exact bytes and print
// without a single raw control character, so a command is as safe on a terminal as in a script.

/** `text` in single quotes, each embedded quote closed, escaped and reopened. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

// Code points a valid UTF-8 sequence may stand for that are still written as octal escapes: C1
// controls, and invisible characters that reorder or hide what a reader sees (bidi controls,
// line and paragraph separators, the byte order mark).
function hidden(codePoint: number): boolean {
  return (
    codePoint <= 0x9f ||
    codePoint === 0x061c ||
    codePoint === 0x200e ||
    codePoint === 0x200f ||
    (codePoint >= 0x2028 && codePoint <= 0x202e) ||
    (codePoint >= 0x2066 && codePoint <= 0x2069) ||
    codePoint === 0xfeff
  );
}

/** The length of the valid UTF-8 sequence starting at `i`, or 0 when the byte there starts none. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const lead = bytes[i] ?? 0;
  const cont = (k: number, min = 0x80, max = 0xbf): boolean => {
    const b = bytes[i + k];
    return b !== undefined && b >= min && b <= max;
  };
  if (lead >= 0xc2 && lead <= 0xdf) return cont(1) ? 2 : 0;
  if (lead >= 0xe0 && lead <= 0xef) {
    const [min, max] = lead === 0xe0 ? [0xa0, 0xbf] : lead === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
    return cont(1, min, max) && cont(2) ? 3 : 0;
  }
  if (lead >= 0xf0 && lead <= 0xf4) {
    const [min, max] = lead === 0xf0 ? [0x90, 0xbf] : lead === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    return cont(1, min, max) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

function codePointAt(bytes: Uint8Array, i: number, length: number): number {
  const lead = bytes[i] ?? 0;
  let value = length === 2 ? lead & 0x1f : length === 3 ? lead & 0x0f : lead & 0x07;
  for (let k = 1; k < length; k++) value = (value << 6) | ((bytes[i + k] ?? 0) & 0x3f);
  return value;
}

const octal = (byte: number): string => `\\${byte.toString(8).padStart(3, '0')}`;

/** How a printable ASCII byte is written in a printf format; undefined when it stands for itself. */
function asciiEscape(byte: number, first: boolean): string | undefined {
  if (byte === 0x0a) return '\\n';
  if (byte === 0x09) return '\\t';
  if (byte === 0x0d) return '\\r';
  if (byte < 0x20 || byte === 0x7f) return octal(byte);
  if (byte === 0x5c) return '\\\\';
  if (byte === 0x25) return '%%';
  if (byte === 0x27) return '\\047'; // A quote as octal keeps the word one single-quoted string.
  if (byte === 0x2d && first) return '\\055'; // A leading '-' would read as an option of printf.
  return undefined;
}

/**
 * A single-quoted printf format that prints exactly `bytes` (`printf FORMAT`). Printable ASCII
 * and valid UTF-8 text stay readable; `\`, `%` and `'` are escaped; newlines and tabs are `\n`
 * and `\t`; other controls, invisible characters and bytes that are not UTF-8 are octal escapes,
 * which POSIX printf turns back into those bytes (NUL included). The word never spans lines.
 */
export function printfFormat(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: string[] = [];
  let run = 0; // Start of the bytes not yet written, all of them standing for themselves.
  let i = 0;
  const escape = (text: string, next: number): void => {
    if (run < i) parts.push(buffer.toString('utf8', run, i));
    parts.push(text);
    run = i = next;
  };
  while (i < buffer.length) {
    const byte = buffer[i] ?? 0;
    if (byte < 0x80) {
      const text = asciiEscape(byte, i === 0);
      if (text === undefined) i++;
      else escape(text, i + 1);
      continue;
    }
    const length = sequenceLength(buffer, i);
    if (length === 0) escape(octal(byte), i + 1);
    else if (hidden(codePointAt(buffer, i, length)))
      escape([...buffer.subarray(i, i + length)].map(octal).join(''), i + length);
    else i += length;
  }
  if (run < i) parts.push(buffer.toString('utf8', run, i));
  return `'${parts.join('')}'`;
}

const PLAIN = /^[\u0020-\u007e]*$/;

/**
 * One shell word for `bytes` that holds no NUL and does not end in a newline (a header, a URL):
 * the text in single quotes when it is printable ASCII, else `"$(printf FORMAT)"`, which a
 * terminal cannot be made to act on and which keeps bytes that are not UTF-8 exact.
 */
export function shellBytes(bytes: Uint8Array): string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return PLAIN.test(text) ? shellQuote(text) : `"$(printf ${printfFormat(bytes)})"`;
}
