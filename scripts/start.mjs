// `npm start`: the extension in a real editor, as a user gets it. Builds and packs it, installs it
// into code-server (VS Code in the browser), serves the demo workspace (outside this repository,
// see lib/demoWorkspace.mjs) on 127.0.0.1:$PORT (default 8080) and prints the URL to open. Ctrl+C
// stops everything.
import * as path from 'node:path';
import { installVsix, prepareRunDir, startCodeServer } from './lib/codeServer.mjs';
import { demoWorkspaceDir, seedDemoWorkspace } from './lib/demoWorkspace.mjs';
import { cacheDir } from './lib/paths.mjs';
import { ensureHost } from './lib/setup.mjs';
import { packageVsix } from './lib/vsix.mjs';

async function main() {
  const port = Number(process.env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`PORT must be a port number from 1 to 65535, got '${process.env.PORT}'.`);
  }
  const host = ensureHost({ browser: false });
  const { file: vsix } = packageVsix({
    out: path.join(cacheDir, 'makini-devtools-dev.vsix'),
    production: false,
  });

  // One editor profile kept across starts, so what you set (secrets included) is still there.
  // The Welcome page at start, as a new user has it: it opens the walkthrough's service, without
  // which steps done before the walkthrough is first opened would never tick.
  const dirs = prepareRunDir(
    path.join(cacheDir, 'start'),
    { 'workbench.startupEditor': 'welcomePage' },
    { keep: true },
  );
  await installVsix({ ...host, dirs, vsix });
  const workspace = seedDemoWorkspace(demoWorkspaceDir());

  const server = await startCodeServer({ ...host, dirs, port, workspace }).catch((error) => {
    throw new Error(`${error.message}\nIs port ${port} in use? Choose another with PORT=8081 npm start.`);
  });
  console.log('\nMakini DevTools is running in VS Code (code-server).');
  console.log(`Open ${server.url}?folder=${encodeURIComponent(workspace)} in your browser.`);
  console.log(`The demo workspace is ${workspace}.`);
  console.log('Press Ctrl+C to stop.\n');

  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping code-server...`);
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  const { code, signal } = await server.exit;
  if (!stopping) {
    console.error(`code-server exited on its own (${signal ?? `exit ${code}`}); see ${dirs.log}`);
    process.exit(1);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
