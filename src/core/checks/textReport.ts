import { type CheckResult, type CheckStatus, type EndpointCheckReport, unreachableText } from './checkReport';
import { exchangeText } from './exchangeText';

const LABELS: Readonly<Record<CheckStatus, string>> = {
  pass: 'PASS',
  fail: 'FAIL',
  warn: 'WARN',
  skip: 'SKIP',
};

/** How many failing exchanges a check's details show; the JSON and JUnit reports hold them all. */
const SHOWN_EXCHANGES = 1;

function details(result: CheckResult): string[] {
  const wrong = result.exchanges.filter((e) => !e.ok);
  const lines = [`${result.number}. ${result.title}: ${LABELS[result.status]}`, `   ${result.explanation}`];
  if (result.fix) lines.push(`   What to change: ${result.fix}`);
  for (const exchange of wrong.slice(0, SHOWN_EXCHANGES))
    lines.push(exchangeText(exchange, { indent: '   ', maxBody: 300 }));
  if (wrong.length > SHOWN_EXCHANGES)
    lines.push(`   (and ${wrong.length - SHOWN_EXCHANGES} more in the full report)`);
  return [...lines, ''];
}

/** The report for a terminal: a table of the checks, then the details of each failure and warning. */
export function renderTextReport(report: EndpointCheckReport): string {
  // Ten skipped rows would only repeat it: an endpoint that cannot be reached is one line.
  if (report.unreachable) return `Failed: ${unreachableText(report.url, report.unreachable)}\n`;
  const width = Math.max(...report.checks.map((c) => c.title.length), 'Check'.length);
  const rows = report.checks.map(
    (c) => `${String(c.number).padStart(2)}  ${c.title.padEnd(width)}  ${LABELS[c.status]}  ${c.summary}`,
  );
  const { counts } = report;
  const noteworthy = report.checks.filter((c) => c.status === 'fail' || c.status === 'warn');
  const verdict = report.cancelled ? 'Cancelled' : report.passed ? 'Passed' : 'Failed';
  return [
    `Endpoint checks for ${report.url} (${report.scheme} signature)`,
    '',
    ` #  ${'Check'.padEnd(width)}  Result`,
    ...rows,
    '',
    ...(noteworthy.length > 0 ? noteworthy.flatMap(details) : []),
    `${verdict}: ${counts.passed} passed, ${counts.failed} failed, ${counts.warned} warned, ${counts.skipped} skipped in ${(report.durationMs / 1000).toFixed(1)} s`,
    '',
  ].join('\n');
}
