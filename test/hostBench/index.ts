import * as vscode from 'vscode';
import type { MakiniDevToolsApi } from '../../src/extension';
import { EXTENSION_ID } from '../integration/support/makiniApi';
import { activationTimes } from './activationTimes';
import { timeConnectionsTree } from './connectionsTree';

/** The line `scripts/benchHost.mjs` reads the figures from. */
export const FIGURES_MARKER = 'MAKINI_HOST_BENCH';
/** The baseline extension under bench/fixtures/minimalExtension. */
export const MINIMAL_EXTENSION_ID = 'makini-devtools.minimal-extension';

/**
 * Entry point of the host benchmark, called by the extension host in place of a test suite.
 * Always reads the activation record of Makini DevTools and the minimal extension; with
 * `MAKINI_SANDBOX_CONNECTIONS` set, also times the Connections tree over that many connections.
 * Prints one marker line of JSON; rejects when a figure could not be taken.
 */
export async function run(): Promise<void> {
  const activation = await activationTimes([EXTENSION_ID, MINIMAL_EXTENSION_ID]);
  const count = Number(process.env.MAKINI_SANDBOX_CONNECTIONS ?? 0);
  let tree;
  if (count > 0) {
    const makini = vscode.extensions.getExtension<MakiniDevToolsApi>(EXTENSION_ID)?.exports;
    if (!makini) throw new Error(`${EXTENSION_ID} has no API`);
    tree = await timeConnectionsTree(makini, count);
  }
  console.log(`${FIGURES_MARKER} ${JSON.stringify({ activation, tree })}`);
}
