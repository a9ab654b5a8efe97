import {
  type CheckExchange,
  type CheckResult,
  type EndpointCheckReport,
  unreachableText,
} from './checkReport';

function exchangeJson(exchange: CheckExchange): Record<string, unknown> {
  const { response, error } = exchange;
  return {
    label: exchange.label,
    ok: exchange.ok,
    curl: exchange.curl,
    ms: Math.round(exchange.durationMs),
    ...(response ? { status: response.status, headers: response.headers, body: response.bodyHead } : {}),
    ...(error ? { error: error.kind, message: error.message } : {}),
  };
}

/** One check as a JSON line (with its trailing newline). */
export function checkJsonLine(result: CheckResult): string {
  const line = {
    event: 'check',
    id: result.id,
    number: result.number,
    title: result.title,
    status: result.status,
    summary: result.summary,
    explanation: result.explanation,
    ...(result.fix === undefined ? {} : { fix: result.fix }),
    ms: result.durationMs,
    requests: result.exchanges.map(exchangeJson),
  };
  return `${JSON.stringify(line)}\n`;
}

/** The run's totals as a JSON line (with its trailing newline). */
export function summaryJsonLine(report: EndpointCheckReport): string {
  const { counts } = report;
  const line = {
    event: 'summary',
    url: report.url,
    scheme: report.scheme,
    passed: report.passed,
    cancelled: report.cancelled,
    ...(report.unreachable ? { unreachable: report.unreachable.code } : {}),
    total: counts.total,
    pass: counts.passed,
    fail: counts.failed,
    warn: counts.warned,
    skip: counts.skipped,
    ms: report.durationMs,
  };
  return `${JSON.stringify(line)}\n`;
}

/**
 * The report as JSON lines: one per check, in checklist order, then the summary. For an endpoint
 * that could not be reached, one `unreachable` line stands for the checks, none of which ran.
 */
export function renderJsonLines(report: EndpointCheckReport): string {
  if (report.unreachable) {
    const { code, hint } = report.unreachable;
    const line = {
      event: 'unreachable',
      url: report.url,
      code,
      message: unreachableText(report.url, report.unreachable),
    };
    return [`${JSON.stringify({ ...line, hint })}\n`, summaryJsonLine(report)].join('');
  }
  return [...report.checks.map(checkJsonLine), summaryJsonLine(report)].join('');
}
