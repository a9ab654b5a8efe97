// C0 controls, DEL and C1 controls: a terminal acts on these (ESC starts a sequence that can set
// the window title, rewrite the screen or, in some terminals, write files; a lone U+009B is CSI
// in terminals that read C1 from UTF-8), so text from outside must never reach one raw. Written
// as "not printable" (U+0000-U+001F, U+007F-U+009F are what is left; surrogates are printable
// halves here), which keeps control characters out of the source.
const CONTROL = /[^\u0020-\u007e\u00a0-\uffff]/;
const CONTROLS = /[^\u0020-\u007e\u00a0-\uffff]/g;

const SHORT: Readonly<Record<string, string>> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function visible(c: string): string {
  return SHORT[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
}

/**
 * `text` with every control character (C0, DEL and C1, newlines and tabs included) shown as a
 * visible escape: ESC as `\x1b`, BEL as `\x07`, a newline as `\n`. For one value or one line
 * printed to a terminal. Text without controls is returned as is (one regex test).
 */
export function terminalSafe(text: string): string {
  return CONTROL.test(text) ? text.replace(CONTROLS, visible) : text;
}

/**
 * {@link terminalSafe} for text of several lines: each line is escaped, the `\n` between them
 * are kept. For messages composed of lines (errors, reports) that may quote outside data.
 */
export function terminalLines(text: string): string {
  return CONTROL.test(text) ? text.split('\n').map(terminalSafe).join('\n') : text;
}

// JSON.stringify escapes C0 but leaves DEL, C1 and the line separators U+2028/U+2029 raw.
const JSON_RAW = /[\u007f-\u009f\u2028\u2029]/g;

/**
 * A JSON text with the characters JSON.stringify leaves raw but a terminal or a line-based reader
 * may act on (DEL, C1, U+2028, U+2029) written as `\u` escapes. Outside strings those characters
 * cannot occur in JSON, so the result parses to the same value.
 */
export function terminalSafeJson(json: string): string {
  return json.replace(JSON_RAW, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `value` as one line of JSON for a terminal (see {@link terminalSafeJson}), newline included. */
export function jsonLine(value: unknown): string {
  return `${terminalSafeJson(JSON.stringify(value))}\n`;
}
