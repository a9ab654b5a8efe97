// `npm run setup:host`: installs (once) and checks what the in-editor scripts need: Debian's
// chromium and libkrb5-dev, Node 24 and code-server, cached under .vscode-test/.
import { ensureHost } from './lib/setup.mjs';

try {
  const { node, codeServer } = ensureHost({ browser: true });
  console.log(`[setup] ready: Node 24 at ${node}\n[setup] ready: code-server at ${codeServer}`);
} catch (error) {
  console.error(`[setup] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
