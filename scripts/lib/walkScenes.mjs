// The screenshot scenes a new user's walk goes through beyond the views themselves: Reconnect
// completing in the browser, live mode losing Makini, and the extension's own page. Each drives
// the editor as a person would and answers the page to photograph.
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  clearNotifications,
  focusView,
  runCommand,
  viewRows,
  VIEW_TITLES,
  waitForToast,
} from './workbenchUi.mjs';

/** The sandbox URL from the extension's output log in the run's user-data folder. */
export function sandboxUrl(dirs) {
  const logs = fs.readdirSync(path.join(dirs.userData, 'logs'), { recursive: true });
  for (const file of logs.filter((f) => String(f).endsWith('.log'))) {
    const text = fs.readFileSync(path.join(dirs.userData, 'logs', String(file)), 'utf8');
    const match = /Sandbox \(a local Makini\) listening on (http:\/\/[^\s/]+)/.exec(text);
    if (match) return match[1];
  }
  throw new Error('The extension logged no sandbox URL: is it running on the sandbox?');
}

/** POSTs JSON to one of the sandbox's `/_sandbox/` control endpoints, failing on an error answer. */
async function control(base, route, body = {}) {
  const res = await fetch(`${base}/_sandbox/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST /_sandbox/${route} answered ${res.status}: ${await res.text()}`);
}

/** The key of the sandbox connection of `company`. */
export async function sandboxConnection(base, company) {
  const state = await (await fetch(`${base}/_sandbox/state`)).json();
  const connection = state.connections.find((c) => c.name.startsWith(company));
  if (!connection) throw new Error(`The sandbox has no connection of ${company}.`);
  return connection.key;
}

/** Takes the sandbox's connection of `company` offline, as a customer's system going down would. */
export async function takeOffline(dirs, company) {
  const base = sandboxUrl(dirs);
  await control(base, `connections/${await sandboxConnection(base, company)}/online`, { online: false });
}

/**
 * The customer changes Acme Steel's password; its next sync fails and the alert offers Reconnect.
 * Clicking it opens the reauthorization page in a new tab (mapped for code-server's proxy), whose
 * Reconnect button posts the form: answers that tab once it says "Reconnected".
 */
export async function reconnectScene(page, dirs) {
  await focusView(page, VIEW_TITLES.connections);
  await clearNotifications(page);
  const base = sandboxUrl(dirs);
  const key = await sandboxConnection(base, 'Acme Steel');
  await control(base, `connections/${key}/rotate-credentials`);
  await control(base, `connections/${key}/sync`, { outcome: 'done' });
  await waitForToast(page, /Acme Steel.*reauthoriz/i, 90_000);
  const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'Acme Steel' }).first();
  const opened = page.context().waitForEvent('page', { timeout: 30_000 });
  await toast.getByRole('button', { name: 'Reconnect' }).click();
  // VS Code may ask before opening a link outside the editor; a user answers Open.
  const confirm = page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Open$/ });
  await confirm.click({ timeout: 5_000 }).catch(() => undefined);
  const tab = await opened;
  await tab.waitForLoadState();
  await tab.getByRole('button', { name: /Reconnect/ }).click();
  await tab.getByText('is connected again').waitFor({ timeout: 15_000 });
  console.log(`Reconnect opened ${tab.url()} and its form posted there.`);
  return tab;
}

/** Starts a second sandbox (`makini-devtools sandbox --json`) as a stand-in for api.makini.io. */
function startStandIn(cli) {
  const child = spawn(process.execPath, [cli, 'sandbox', '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`The stand-in sandbox exited (${code}).`)));
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      const line = buffer.split('\n').find((l) => l.includes('"listening"'));
      if (line) resolve({ child, ...JSON.parse(line) });
    });
  });
}

/**
 * Before the editor starts: a stand-in Makini (a second sandbox) and the settings that point the
 * extension at it, as a user's `makini.apiUrl` would.
 */
export async function liveErrorSetup(cli) {
  const standIn = await startStandIn(cli);
  return { settings: { 'makini.apiUrl': standIn.url.replace(/\/$/, '') }, standIn };
}

/**
 * Live mode losing Makini: connects (Connect Account…) to the stand-in Makini, which then goes
 * away; the next poll fails, and the Connections view and the status bar say so.
 */
export async function liveErrorScene(page, { standIn }) {
  await focusView(page, VIEW_TITLES.connections);
  try {
    await runCommand(page, 'Makini: Connect Account');
    for (const [prompt, value] of [
      ['Client ID', standIn.client_id],
      ['Client secret', standIn.client_secret],
    ]) {
      await page.locator('.quick-input-widget', { hasText: prompt }).waitFor({ timeout: 15_000 });
      await page.keyboard.type(value);
      await page.keyboard.press('Enter');
    }
    await waitForToast(page, /Makini: connected/i, 60_000);
  } finally {
    standIn.child.kill();
  }
  await clearNotifications(page);
  await runCommand(page, 'Makini: Refresh Connections');
  await page
    .getByText(/Could not reach Makini at/)
    .first()
    .waitFor({ timeout: 60_000 });
  return page;
}

/** The extension's page in the Extensions view, as a user finds it after installing. */
export async function extensionPageScene(page) {
  await runCommand(page, 'Extensions: Show Installed Extensions');
  const entry = page.locator('.extensions-viewlet .monaco-list-row', { hasText: 'Makini DevTools' }).first();
  await entry.waitFor({ timeout: 30_000 });
  await entry.click();
  await page.locator('.extension-editor .name', { hasText: 'Makini DevTools' }).waitFor({ timeout: 30_000 });
  await page.waitForTimeout(2_000); // The README renders in a webview.
  return page;
}

/** The local receiver's URL from the extension's output log in the run's user-data folder. */
export function receiverUrl(dirs) {
  const logs = fs.readdirSync(path.join(dirs.userData, 'logs'), { recursive: true });
  for (const file of logs.filter((f) => String(f).endsWith('.log'))) {
    const text = fs.readFileSync(path.join(dirs.userData, 'logs', String(file)), 'utf8');
    const found = [...text.matchAll(/Local receiver listening on (http:\/\/\S+)/g)].at(-1);
    if (found) return found[1];
  }
  throw new Error('The extension logged no receiver URL: is the Local Receiver running?');
}

/** The secret a doctor scene's sender and receiver share; a picture's, no one's real one. */
const DOCTOR_SECRET = 'portal-secret-for-the-picture';

/**
 * A webhook from an app that signs as GitHub does (`x-hub-signature: sha256=<hex>`) reaches the
 * receiver: refused, and "Why was this refused?" opens the signature doctor's panel. Answers the
 * page once the panel shows its fix.
 */
export async function doctorScene(page, dirs) {
  await runCommand(page, 'Makini: Set Webhook Signing Secret');
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Enter the secret' }).click();
  await page.locator('.quick-input-widget input[type="password"]').waitFor({ timeout: 15_000 });
  await page.keyboard.type(DOCTOR_SECRET);
  await page.keyboard.press('Enter');
  await focusView(page, VIEW_TITLES.receiver);
  await viewRows(page, VIEW_TITLES.receiver)
    .filter({ hasText: 'secret set' })
    .first()
    .waitFor({ timeout: 15_000 });
  const body = JSON.stringify({
    event: 'work_orders.updated',
    body: ['8d6c1c52-6c3f-4a0e-9a57-0b8f7c2d11aa'],
  });
  const signature = createHmac('sha256', DOCTOR_SECRET).update(body).digest('hex');
  const res = await fetch(receiverUrl(dirs), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature': `sha256=${signature}` },
    body,
  });
  if (res.status !== 401)
    throw new Error(`The receiver answered ${res.status}, not 401, to a mis-signed webhook.`);
  const row = viewRows(page, VIEW_TITLES.receiver).filter({ hasText: '401' }).first();
  await row.waitFor({ timeout: 15_000 });
  await row.hover();
  await row.locator('.action-label[aria-label="Why was this refused?"]').click();
  const content = page.frameLocator('iframe.webview').frameLocator('#active-frame');
  await content.getByRole('button', { name: /Apply fix/i }).waitFor({ timeout: 30_000 });
  await clearNotifications(page);
  return page;
}

/**
 * The first connection's Data node expanded, its collections counted, and Work orders opened:
 * answers the page once the records' JSON document shows.
 */
export async function dataScene(page) {
  await focusView(page, VIEW_TITLES.connections);
  const rows = viewRows(page, VIEW_TITLES.connections);
  await rows
    .filter({ has: page.locator('.monaco-tl-twistie.collapsible') })
    .first()
    .click();
  await rows.filter({ hasText: 'collections · read-only' }).first().click();
  const workOrders = rows.filter({ hasText: /^Work orders/ }).first();
  await workOrders.waitFor({ timeout: 30_000 });
  await rows
    .filter({ hasText: /Work orders\s*\d+ records?/ })
    .first()
    .waitFor({ timeout: 30_000 });
  await workOrders.click();
  await page.locator('.tabs-container .tab', { hasText: 'work-orders' }).first().waitFor({ timeout: 30_000 });
  return page;
}
