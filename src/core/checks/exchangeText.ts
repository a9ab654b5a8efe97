import { terminalSafe } from '../text/terminalSafe';
import { describeAnswer } from './checkContext';
import type { CheckExchange } from './checkReport';

export interface ExchangeTextOptions {
  /** Cut the body after this many characters. */
  readonly maxBody?: number;
  readonly indent?: string;
}

/**
 * A plain-text account of one exchange for reports: the request as curl, then the answer with its
 * headers and the first bytes of its body (or why there was none). The answer comes from the
 * endpoint under test, so its control characters are shown escaped (this text reaches terminals);
 * the curl command holds none.
 */
export function exchangeText(exchange: CheckExchange, options: ExchangeTextOptions = {}): string {
  const indent = options.indent ?? '';
  const lines = [`${indent}${terminalSafe(exchange.label)}:`, `${indent}  request: ${exchange.curl}`];
  lines.push(
    `${indent}  answer: ${terminalSafe(describeAnswer(exchange))} in ${Math.round(exchange.durationMs)} ms`,
  );
  const response = exchange.response;
  if (response) {
    for (const [name, value] of Object.entries(response.headers)) {
      const text = typeof value === 'string' ? value : value.join(', ');
      lines.push(`${indent}    ${terminalSafe(name)}: ${terminalSafe(text)}`);
    }
    const max = options.maxBody ?? Number.POSITIVE_INFINITY;
    const body = response.bodyHead.length > max ? `${response.bodyHead.slice(0, max)}…` : response.bodyHead;
    if (body !== '') lines.push(...body.split(/\r?\n/).map((line) => `${indent}    ${terminalSafe(line)}`));
  }
  return lines.join('\n');
}
