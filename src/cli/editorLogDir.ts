import * as os from 'node:os';
import * as path from 'node:path';

/** The extension's id, whose global storage folder VS Code names after it. */
const EXTENSION_ID = 'makini-devtools.makini-devtools';

/**
 * Where VS Code (stable) keeps the editor's deliveries and receipts logs on this machine: the
 * folder `logs` in the extension's global storage, under the user data folder of the platform.
 */
export function editorLogDir(env: NodeJS.ProcessEnv, platform = process.platform): string {
  const home = os.homedir();
  const userData =
    platform === 'win32'
      ? path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Code')
      : platform === 'darwin'
        ? path.join(home, 'Library', 'Application Support', 'Code')
        : path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Code');
  return path.join(userData, 'User', 'globalStorage', EXTENSION_ID, 'logs');
}
