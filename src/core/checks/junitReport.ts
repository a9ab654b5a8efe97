import { type CheckResult, type EndpointCheckReport, unreachableText } from './checkReport';
import { exchangeText } from './exchangeText';

// Characters XML 1.0 cannot carry at all, even escaped (controls, lone surrogates, U+FFFE/U+FFFF).
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** `text` safe in XML character data and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** The explanation, what to change, and the exchanges that went wrong. */
function details(result: CheckResult): string {
  const parts = [result.explanation];
  if (result.fix) parts.push(`What to change: ${result.fix}`);
  for (const exchange of result.exchanges.filter((e) => !e.ok)) parts.push(exchangeText(exchange));
  return parts.join('\n\n');
}

function testcase(result: CheckResult): string {
  const open = `    <testcase classname="makini.endpointChecks" name="${escapeXml(`${result.number}. ${result.title} (${result.id})`)}" time="${seconds(result.durationMs)}"`;
  const message = escapeXml(result.summary);
  switch (result.status) {
    case 'pass':
      return `${open}/>`;
    case 'skip':
      return `${open}>\n      <skipped message="${message}"/>\n    </testcase>`;
    case 'warn':
      // JUnit has no warnings: the case passes and says why it nearly did not.
      return `${open}>\n      <system-out>${escapeXml(`WARNING: ${result.summary}\n\n${details(result)}`)}</system-out>\n    </testcase>`;
    case 'fail':
      return `${open}>\n      <failure message="${message}" type="${escapeXml(result.id)}">${escapeXml(details(result))}</failure>\n    </testcase>`;
  }
}

/** For an endpoint that could not be reached: one test case in error, before the skipped checks. */
function connectCase(report: EndpointCheckReport): string[] {
  if (!report.unreachable) return [];
  const message = escapeXml(unreachableText(report.url, report.unreachable));
  return [
    `    <testcase classname="makini.endpointChecks" name="${escapeXml(`Connects to ${report.url}`)}" time="${seconds(report.durationMs)}">`,
    `      <error message="${message}" type="${escapeXml(report.unreachable.code)}"/>`,
    '    </testcase>',
  ];
}

/**
 * The report as a JUnit XML document, one test case per check, for CI systems to show; an
 * endpoint that could not be reached adds one test case in error.
 */
export function renderJunit(report: EndpointCheckReport): string {
  const { counts } = report;
  const name = escapeXml(`Webhook endpoint checks: ${report.url}`);
  const errors = report.unreachable ? 1 : 0;
  const totals = `tests="${counts.total + errors}" failures="${counts.failed}" errors="${errors}" skipped="${counts.skipped}" time="${seconds(report.durationMs)}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="makini-devtools check" ${totals}>`,
    `  <testsuite name="${name}" ${totals} timestamp="${escapeXml(report.startedAt)}">`,
    `    <properties>`,
    `      <property name="url" value="${escapeXml(report.url)}"/>`,
    `      <property name="scheme" value="${escapeXml(report.scheme)}"/>`,
    `      <property name="cancelled" value="${String(report.cancelled)}"/>`,
    `    </properties>`,
    ...connectCase(report),
    ...report.checks.map(testcase),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
