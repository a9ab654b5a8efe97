// `npm run test:electron`: the same in-host suite in desktop VS Code, through @vscode/test-electron.
// For machines with the internet (it downloads VS Code) or a local VS Code: set
// VSCODE_EXECUTABLE_PATH to its executable to skip the download.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { repoRoot } from './lib/paths.mjs';

const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'makini-electron-'));
try {
  await runTests({
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: path.join(repoRoot, 'out', 'test', 'integration', 'index.js'),
    vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH || undefined,
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome'],
    extensionTestsEnv: { NO_COLOR: '1' },
  });
} catch (error) {
  console.error(`In-host tests failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  fs.rmSync(workspace, { recursive: true, force: true });
}
