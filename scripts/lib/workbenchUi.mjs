// Drives the Makini views in the editor page the way a person would: keyboard, quick picks and
// clicks on what is on screen (used by the screenshot script). Selectors are VS Code's workbench
// DOM classes, which is what a person sees.

/** The titles of the Makini container's views. */
export const VIEW_TITLES = {
  connections: 'Connections',
  deliveries: 'Webhook Deliveries',
  receiver: 'Local Receiver',
};

const paneHeader = (page, title) => page.locator('.pane-header', { hasText: title }).first();
/** The rows of one view of the container (the pane body after its header). */
export const viewRows = (page, title) =>
  page.locator('.pane', { has: paneHeader(page, title) }).locator('.monaco-list-row');

/** Opens the Makini container from the activity bar and waits for the Connections view. */
export async function openMakini(page) {
  const container = page.locator('.activitybar [aria-label^="Makini"]').first();
  await container.waitFor({ timeout: 60_000 });
  await container.click();
  await paneHeader(page, VIEW_TITLES.connections).waitFor({ timeout: 30_000 });
}

/** Expands the view titled `title` and collapses the others, so it has the container to itself. */
export async function focusView(page, title) {
  for (const other of Object.values(VIEW_TITLES)) {
    const header = paneHeader(page, other);
    const expanded = (await header.getAttribute('aria-expanded')) === 'true';
    if (expanded !== (other === title)) await header.click();
  }
}

/** Waits for the quick input titled (or placeholder-ed) `title`, types `text` and picks the row shown. */
async function pick(page, { title, text, row }) {
  const widget = page.locator('.quick-input-widget');
  await widget.locator('.quick-input-title', { hasText: title }).waitFor({ timeout: 15_000 });
  if (text) await widget.locator('input').first().fill(text);
  if (row) await widget.locator('.monaco-list-row', { hasText: row }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

/** Runs the palette command whose label holds `label` (F1, type, Enter on the row shown). */
export async function runCommand(page, label) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input').first();
  await input.waitFor({ timeout: 15_000 });
  await input.fill(`>${label}`);
  await page
    .locator('.quick-input-widget .monaco-list-row', { hasText: label })
    .first()
    .waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

/**
 * "Makini: Send Test Webhook…" from the command palette (F1): the event type `type`, the sandbox's
 * Acme Steel connection, the local receiver, no options; then waits until the delivery shows as
 * `outcome` (delivered, or failed) in Webhook Deliveries.
 */
export async function sendTestWebhook(page, type, outcome = 'delivered') {
  await runCommand(page, 'Makini: Send Test Webhook');
  await pick(page, { title: 'Send Test Webhook: event type', text: type, row: type });
  await pick(page, { title: 'Send Test Webhook: connection', text: 'Acme', row: 'Acme' });
  await pick(page, { title: 'Send Test Webhook: endpoint', text: 'Local receiver', row: 'Local receiver' });
  await pick(page, { title: 'Send Test Webhook: options' }); // None: one delivery on Makini's schedule.
  await viewRows(page, VIEW_TITLES.deliveries)
    .filter({ hasText: type })
    .filter({ hasText: outcome })
    .first()
    .waitFor({ timeout: 30_000 });
}

/** "Makini: Simulate Receiver Failures…", picking the simulation whose label holds `label`. */
export async function simulateReceiverFailures(page, label) {
  await runCommand(page, 'Makini: Simulate Receiver Failures');
  await pick(page, { title: 'simulate failures', text: label, row: label });
}

/** Waits for a notification toast whose text matches `text`. */
export async function waitForToast(page, text, timeout = 60_000) {
  await page
    .locator('.notifications-toasts .notification-toast', { hasText: text })
    .first()
    .waitFor({ timeout });
}

/**
 * "Makini: Connect Account…" with a client ID and secret that open nothing, then waits for the
 * toast that says why connecting failed (offline: the API cannot be reached; online: refused).
 */
export async function failToConnect(page) {
  await runCommand(page, 'Makini: Connect Account');
  for (const [prompt, value] of [
    ['Client ID', 'not-a-client'],
    ['Client secret', 'not-a-secret'],
  ]) {
    await page.locator('.quick-input-widget', { hasText: prompt }).waitFor({ timeout: 15_000 });
    await page.keyboard.type(value);
    await page.keyboard.press('Enter');
  }
  await waitForToast(page, /Makini: connecting failed/i, 90_000);
}

/** Clicks the first connection of the Connections view and waits for its children. */
export async function expandFirstConnection(page) {
  const rows = viewRows(page, VIEW_TITLES.connections);
  const first = rows.filter({ has: page.locator('.monaco-tl-twistie.collapsible') }).first();
  await first.waitFor({ timeout: 30_000 });
  await first.click();
  await rows.filter({ hasText: 'Webhook events' }).first().waitFor({ timeout: 15_000 });
  // The list renders only the rows of its last scroll's height (the rows before expanding); a
  // scroll makes it render the rows pushed below that.
  const box = await first.boundingBox();
  if (box) {
    await page.mouse.move(box.x + box.width / 2, box.y + box.height * 3);
    await page.mouse.wheel(0, 1);
    await page.mouse.wheel(0, -1);
  }
}

/** Clicks a delivery of `type` and waits for the details webview to render its heading. */
export async function openDeliveryDetails(page, type) {
  await viewRows(page, VIEW_TITLES.deliveries).filter({ hasText: type }).first().click();
  // A webview is an iframe holding the extension's page in a nested one.
  const content = page.frameLocator('iframe.webview').frameLocator('#active-frame');
  await content.locator('h1', { hasText: type }).waitFor({ timeout: 30_000 });
}

/** Dismisses notification toasts, which would cover part of the picture. */
export async function clearNotifications(page) {
  const toasts = page.locator('.notifications-toasts .notification-toast');
  if ((await toasts.count()) === 0) return;
  await runCommand(page, 'Notifications: Clear All Notifications');
  await toasts
    .first()
    .waitFor({ state: 'detached', timeout: 10_000 })
    .catch(() => undefined);
}

/** Drags the side bar's edge so tree rows show whole (its default width cuts descriptions short). */
export async function widenSideBar(page, width) {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box || box.width >= width) return;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width, y);
  await page.mouse.down();
  await page.mouse.move(box.x + width, y, { steps: 5 });
  await page.mouse.up();
}
