import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { TypedError } from '../errors';
import { builtinScenario, builtinScenarios } from './builtinScenarios';
import { parseScenarioText } from './parseScenario';
import type { Scenario } from './scenario';

/** Where a workspace keeps its own scenarios, one JSON file each. */
export const SCENARIO_FOLDER = path.join('.makini', 'scenarios');

/** A scenario and where it came from. */
export interface ScenarioEntry {
  readonly scenario: Scenario;
  /** `built-in`, or the file it was read from. */
  readonly source: string;
}

/** No scenario of that name, and no such file. */
export class ScenarioNotFoundError extends TypedError {
  override readonly name = 'ScenarioNotFoundError';
  readonly code = 'scenario_not_found';
}

async function readScenarioFile(file: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ScenarioNotFoundError(`Cannot read the scenario file ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return parseScenarioText(text, file);
}

/**
 * The workspace's scenarios (`<root>/.makini/scenarios/*.json`), sorted by file name; none when the
 * folder does not exist.
 * @throws ScenarioError for a file that is not a valid scenario: one bad file is not skipped silently.
 */
export async function workspaceScenarios(root: string): Promise<ScenarioEntry[]> {
  const folder = path.join(root, SCENARIO_FOLDER);
  let names: string[];
  try {
    names = (await readdir(folder)).filter((name) => name.endsWith('.json')).sort();
  } catch {
    return [];
  }
  const entries: ScenarioEntry[] = [];
  for (const name of names) {
    const file = path.join(folder, name);
    entries.push({ scenario: await readScenarioFile(file), source: file });
  }
  return entries;
}

/** The built-ins, then the workspace's own. */
export async function allScenarios(root: string): Promise<ScenarioEntry[]> {
  return [
    ...builtinScenarios().map((scenario) => ({ scenario, source: 'built-in' })),
    ...(await workspaceScenarios(root)),
  ];
}

/**
 * A scenario by file path (anything ending in `.json`), by a workspace scenario's name, or by a
 * built-in's name; the workspace's own win over built-ins of the same name.
 * @throws ScenarioNotFoundError naming the scenarios there are; ScenarioError for an invalid file.
 */
export async function findScenario(nameOrFile: string, root: string): Promise<ScenarioEntry> {
  if (nameOrFile.endsWith('.json')) {
    const file = path.resolve(root, nameOrFile);
    return { scenario: await readScenarioFile(file), source: file };
  }
  const own = (await workspaceScenarios(root)).find((e) => e.scenario.name === nameOrFile);
  if (own) return own;
  const builtin = builtinScenario(nameOrFile);
  if (builtin) return { scenario: builtin, source: 'built-in' };
  const names = (await allScenarios(root)).map((e) => e.scenario.name);
  throw new ScenarioNotFoundError(
    `No scenario '${nameOrFile}': give one of ${[...new Set(names)].join(', ')}, or a scenario file (*.json).`,
  );
}
