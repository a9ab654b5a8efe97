import { escapeXml } from '../checks/junitReport';
import type { ScenarioRun, StepResult } from './scenarioRunner';

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function testcase(run: ScenarioRun, result: StepResult): string {
  const classname = escapeXml(`makini.scenario.${run.scenario.name}`);
  const name = escapeXml(`${result.index + 1}. ${result.step.title}`);
  const open = `    <testcase classname="${classname}" name="${name}" time="${seconds(result.durationMs)}"`;
  switch (result.status) {
    case 'passed':
      return `${open}/>`;
    case 'cancelled':
      return `${open}>\n      <skipped message="The run was cancelled before this step finished."/>\n    </testcase>`;
    case 'failed': {
      const message = escapeXml(result.failure ?? 'The step failed.');
      return `${open}>\n      <failure message="${message}" type="${result.step.kind}">${message}</failure>\n    </testcase>`;
    }
  }
}

/** A scenario run as a JUnit XML document: one test case per step, for CI systems to show. */
export function renderScenarioJunit(run: ScenarioRun): string {
  const failed = run.steps.filter((s) => s.status === 'failed').length;
  const skipped = run.steps.filter((s) => s.status === 'cancelled').length;
  const totals = `tests="${run.steps.length}" failures="${failed}" errors="0" skipped="${skipped}" time="${seconds(run.durationMs)}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="makini-devtools scenario" ${totals}>`,
    `  <testsuite name="${escapeXml(`Scenario ${run.scenario.name}: ${run.url}`)}" ${totals} timestamp="${escapeXml(run.startedAt)}">`,
    '    <properties>',
    `      <property name="url" value="${escapeXml(run.url)}"/>`,
    `      <property name="connection_id" value="${escapeXml(run.connectionId)}"/>`,
    `      <property name="cancelled" value="${String(run.cancelled)}"/>`,
    '    </properties>',
    ...run.steps.map((step) => testcase(run, step)),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
