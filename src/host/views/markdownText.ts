import { terminalSafe } from '../../core/text/terminalSafe';

// Text for Markdown tooltips (`vscode.MarkdownString`) from outside strings: event types, ids,
// statuses, provider names. No vscode import, so it is tested under plain mocha.

// Every ASCII punctuation character may be backslash-escaped in CommonMark, and escaping all of
// them leaves no syntax at all: no link or image (`[`, `!`, `(`), no autolink (`<`, `:`, `.`,
// `@` are broken up), no HTML or entity (`<`, `&`), no emphasis or code.
const PUNCTUATION = /[!-/:-@[-`{-~]/g;

/**
 * `value` as Markdown text that shows exactly `value`: punctuation escaped, control characters
 * (newlines included) shown as visible escapes, so it cannot start a block either.
 */
export function markdownText(value: string): string {
  return terminalSafe(value).replace(PUNCTUATION, '\\$&');
}

/**
 * `value` as a Markdown code span. Nothing inside a code span is syntax; the fence is one
 * backtick longer than any run of backticks in `value`, and control characters are escaped.
 */
export function markdownCode(value: string): string {
  const text = terminalSafe(value);
  if (text === '') return '';
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  // A space on each side when the text starts or ends with a backtick (or a space, which
  // CommonMark would then strip), so the fence is not read as part of it.
  const pad = /^[` ]|[` ]$/.test(text) ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}
