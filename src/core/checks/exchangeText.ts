import { describeAnswer } from './checkContext';
import type { CheckExchange } from './checkReport';

export interface ExchangeTextOptions {
  /** Cut the body after this many characters. */
  readonly maxBody?: number;
  readonly indent?: string;
}

/**
 * A plain-text account of one exchange for reports: the request as curl, then the answer with its
 * headers and the first bytes of its body (or why there was none).
 */
export function exchangeText(exchange: CheckExchange, options: ExchangeTextOptions = {}): string {
  const indent = options.indent ?? '';
  const lines = [`${indent}${exchange.label}:`, `${indent}  request: ${exchange.curl}`];
  lines.push(`${indent}  answer: ${describeAnswer(exchange)} in ${Math.round(exchange.durationMs)} ms`);
  const response = exchange.response;
  if (response) {
    for (const [name, value] of Object.entries(response.headers)) {
      lines.push(`${indent}    ${name}: ${typeof value === 'string' ? value : value.join(', ')}`);
    }
    const max = options.maxBody ?? Number.POSITIVE_INFINITY;
    const body = response.bodyHead.length > max ? `${response.bodyHead.slice(0, max)}…` : response.bodyHead;
    if (body !== '') lines.push(`${indent}    ${body.replace(/\r?\n/g, `\n${indent}    `)}`);
  }
  return lines.join('\n');
}
