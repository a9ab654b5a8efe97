import { chromium } from 'playwright-core';
import { CHROMIUM } from './paths.mjs';

/** Headless Debian Chromium, with the background traffic this offline machine would refuse turned off. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** The editor URL that loads extensions under development and, optionally, a test suite. */
export function editorUrl({ url, port, folder, extensionDevelopmentPaths = [], extensionTestsPath }) {
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = [['skipWelcome', 'true']];
  // The workbench loads every extensionDevelopmentPath entry of the payload, not just the first.
  for (const extension of extensionDevelopmentPaths)
    payload.push(['extensionDevelopmentPath', remote(extension)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  return `${url}?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}
