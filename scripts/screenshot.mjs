// `npm run screenshot -- --out FILE.png [--view connections|deliveries|receiver] [--width W --height H]`
// Installs the packed extension into a fresh code-server, opens the Makini container in headless
// Chromium and saves a screenshot of the editor.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { launchBrowser } from './lib/browser.mjs';
import { freePort, installVsix, prepareRunDir, startCodeServer } from './lib/codeServer.mjs';
import { cacheDir, repoRoot } from './lib/paths.mjs';
import { ensureHost } from './lib/setup.mjs';
import { packageVsix } from './lib/vsix.mjs';

const VIEW_NAMES = {
  connections: 'Connections',
  deliveries: 'Webhook Deliveries',
  receiver: 'Local Receiver',
};

function options() {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      view: { type: 'string' },
      width: { type: 'string', default: '1280' },
      height: { type: 'string', default: '800' },
    },
  });
  if (!values.out) throw new Error('--out FILE.png is required.');
  if (values.view && !(values.view in VIEW_NAMES)) {
    throw new Error(`--view takes one of ${Object.keys(VIEW_NAMES).join(', ')}, got '${values.view}'.`);
  }
  return {
    out: path.resolve(values.out),
    view: values.view,
    width: Number(values.width),
    height: Number(values.height),
  };
}

async function main() {
  const { out, view, width, height } = options();
  const host = ensureHost({ browser: true });
  const { file: vsix } = packageVsix({
    out: path.join(cacheDir, 'makini-devtools-dev.vsix'),
    production: false,
  });
  fs.mkdirSync(path.join(cacheDir, 'runs'), { recursive: true });
  const runDir = fs.mkdtempSync(path.join(cacheDir, 'runs', 'screenshot-'));
  const dirs = prepareRunDir(runDir);
  await installVsix({ ...host, dirs, vsix });
  const workspace = path.join(repoRoot, 'demo', 'workspace');
  const server = await startCodeServer({ ...host, dirs, port: await freePort(), workspace });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width, height } });
    await page.goto(`${server.url}?folder=${encodeURIComponent(workspace)}`);
    const container = page.locator('.activitybar [aria-label^="Makini"]').first();
    await container.waitFor({ timeout: 60_000 });
    await container.click();
    await page.locator('.pane-header', { hasText: 'Connections' }).first().waitFor({ timeout: 30_000 });
    if (view) await focusView(page, VIEW_NAMES[view]);
    await page.mouse.move(width / 2, height / 2); // No hover tooltip over the picture.
    await page
      .locator('.statusbar', { hasText: 'Activating Extensions' })
      .waitFor({ state: 'detached', timeout: 30_000 })
      .catch(() => undefined);
    await page.waitForTimeout(1500); // Let the views render their content and welcome text.
    fs.mkdirSync(path.dirname(out), { recursive: true });
    await page.screenshot({ path: out });
    console.log(`Wrote ${path.relative(process.cwd(), out)}`);
  } finally {
    await browser.close();
    await server.stop();
    fs.rmSync(runDir, { recursive: true, force: true });
  }
}

/** Expands the chosen view and collapses the others, so it has the container to itself. */
async function focusView(page, name) {
  for (const other of Object.values(VIEW_NAMES)) {
    const header = page.locator('.pane-header', { hasText: other }).first();
    const expanded = (await header.getAttribute('aria-expanded')) === 'true';
    if (expanded !== (other === name)) await header.click();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
