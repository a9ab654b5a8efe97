// `node scripts/renderIcon.mjs`: draws media/icon.png, the 128×128 marketplace icon, from
// media/makini.svg (the activity-bar glyph) in white on a rounded tile, with headless Chromium.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchBrowser } from './lib/browser.mjs';
import { repoRoot } from './lib/paths.mjs';

const SIZE = 128;
const TILE = '#1f5fbf';
const glyph = fs
  .readFileSync(path.join(repoRoot, 'media', 'makini.svg'), 'utf8')
  .replace(/width="24" height="24"/, 'width="92" height="92"');
const html = `<!doctype html><html><body style="margin:0;background:transparent">
<div style="width:${SIZE}px;height:${SIZE}px;border-radius:24px;background:${TILE};color:#fff;
display:flex;align-items:center;justify-content:center">${glyph}</div></body></html>`;

const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE } });
  await page.setContent(html);
  const out = path.join(repoRoot, 'media', 'icon.png');
  await page.screenshot({ path: out, omitBackground: true });
  console.log(`Wrote ${path.relative(process.cwd(), out)}`);
} finally {
  await browser.close();
}
