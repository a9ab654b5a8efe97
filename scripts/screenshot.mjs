// `npm run screenshot -- --out FILE.png [--view VIEW] [--width W --height H]`, VIEW one of VIEWS below
// Installs the packed extension into a fresh code-server, opens the Makini container in headless
// Chromium, drives it as a person would (test webhooks through the command palette, a connection
// expanded, a delivery's details opened) and saves a screenshot of the editor.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { launchBrowser } from './lib/browser.mjs';
import { freePort, installVsix, prepareRunDir, startCodeServer } from './lib/codeServer.mjs';
import { seedDemoWorkspace } from './lib/demoWorkspace.mjs';
import { cacheDir } from './lib/paths.mjs';
import { ensureHost } from './lib/setup.mjs';
import { packageVsix } from './lib/vsix.mjs';
import {
  clearNotifications,
  expandFirstConnection,
  failToConnect,
  focusView,
  openDeliveryDetails,
  openMakini,
  sendTestWebhook,
  simulateReceiverFailures,
  waitForToast,
  VIEW_TITLES,
  widenSideBar,
} from './lib/workbenchUi.mjs';
import {
  dataScene,
  doctorScene,
  extensionPageScene,
  liveErrorScene,
  liveErrorSetup,
  reconnectScene,
  takeOffline,
} from './lib/walkScenes.mjs';

export const VIEWS = [
  'connections',
  'deliveries',
  'receiver',
  'details',
  'failed',
  'toast',
  'alert',
  'reconnect',
  'live-error',
  'extension',
  'doctor',
  'data',
];
/** The scenes whose picture is the notification they raise. */
const KEEP_TOASTS = new Set(['toast', 'alert']);
/** What each picture shows; the test webhooks go to the local receiver through the palette. */
const SCENES = {
  connections: async (page) => {
    await focusView(page, VIEW_TITLES.connections);
    await expandFirstConnection(page);
  },
  deliveries: async (page) => {
    await sendTestWebhook(page, 'sync.completed');
    await sendTestWebhook(page, 'connection.status_changed');
    await focusView(page, VIEW_TITLES.deliveries);
  },
  receiver: async (page) => {
    await sendTestWebhook(page, 'sync.completed');
    await sendTestWebhook(page, 'connection.status_changed');
    await focusView(page, VIEW_TITLES.receiver);
  },
  details: async (page) => {
    await sendTestWebhook(page, 'sync.completed');
    await focusView(page, VIEW_TITLES.deliveries);
    await openDeliveryDetails(page, 'sync.completed');
  },
  failed: async (page) => {
    await simulateReceiverFailures(page, 'Answer 410 Gone');
    await sendTestWebhook(page, 'sync.failed', 'failed');
    await focusView(page, VIEW_TITLES.deliveries);
    await openDeliveryDetails(page, 'sync.failed');
  },
  alert: async (page, { dirs }) => {
    await focusView(page, VIEW_TITLES.connections);
    await clearNotifications(page); // Only the connection's alert in the picture.
    await takeOffline(dirs, 'Acme Steel');
    await waitForToast(page, /Acme Steel.*offline/);
  },
  toast: async (page) => {
    await focusView(page, VIEW_TITLES.connections);
    await clearNotifications(page); // Only the failed Connect's toast in the picture.
    await failToConnect(page);
  },
  // These answer the page to photograph: Reconnect's is the browser tab it opened.
  reconnect: (page, { dirs }) => reconnectScene(page, dirs),
  'live-error': (page, { setup }) => liveErrorScene(page, setup),
  extension: (page) => extensionPageScene(page),
  doctor: (page, { dirs }) => doctorScene(page, dirs),
  data: (page) => dataScene(page),
};

/** What some scenes need before the editor starts: their settings and what they started. */
const SETUPS = {
  'live-error': () => liveErrorSetup(path.join(process.cwd(), 'dist', 'cli.js')),
};

/** Runs one scene; when it fails, the editor as it was then is saved beside `out`, for the reason. */
async function runScene(view, page, context, out) {
  try {
    return await SCENES[view](page, context);
  } catch (error) {
    const failed = out.replace(/\.png$/, '') + '.failed.png';
    await page.screenshot({ path: failed }).catch(() => undefined);
    throw new Error(`${error.message}\nThe editor at that moment: ${failed}`);
  }
}

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
  if (values.view && !VIEWS.includes(values.view)) {
    throw new Error(`--view takes one of ${VIEWS.join(', ')}, got '${values.view}'.`);
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
  // No "your application on port N is available" toast over the picture.
  const setup = view && SETUPS[view] ? await SETUPS[view]() : { settings: {} };
  const dirs = prepareRunDir(runDir, { 'remote.autoForwardPorts': false, ...setup.settings });
  await installVsix({ ...host, dirs, vsix });
  // A fresh copy of the demo workspace, outside the repository like `npm start`'s.
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'makini-screenshot-'));
  const workspace = seedDemoWorkspace(path.join(tempDir, 'demo-workspace'));
  const server = await startCodeServer({ ...host, dirs, port: await freePort(), workspace });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width, height } });
    await page.goto(`${server.url}?folder=${encodeURIComponent(workspace)}`);
    await openMakini(page);
    await widenSideBar(page, Math.round(width * 0.4));
    // The sandbox fills Connections by itself once the extension has started its servers.
    await page
      .locator('.pane .monaco-list-row .monaco-tl-twistie.collapsible')
      .first()
      .waitFor({ timeout: 60_000 });
    await page
      .locator('.statusbar', { hasText: 'Activating Extensions' })
      .waitFor({ state: 'detached', timeout: 30_000 })
      .catch(() => undefined);
    const shown = (view && (await runScene(view, page, { dirs, setup }, out))) || page;
    if (!KEEP_TOASTS.has(view)) await clearNotifications(page);
    await shown.mouse.move(width - 5, height / 2); // No hover tooltip over the picture.
    await shown.waitForTimeout(1000); // Let the last change of the views paint.
    fs.mkdirSync(path.dirname(out), { recursive: true });
    await shown.screenshot({ path: out });
    console.log(`Wrote ${path.relative(process.cwd(), out)}`);
  } finally {
    await browser.close();
    await server.stop();
    setup.standIn?.child.kill();
    if (!process.env.KEEP_RUN) fs.rmSync(runDir, { recursive: true, force: true });
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
