// Reads a packed .vsix (a zip) without dependencies, and checks what a user gets from it: the
// icon, the README the extension's page shows, and every image that README links.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inflateRawSync } from 'node:zlib';

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

/** The zip's entries by name, each read on demand. @throws Error when `file` is no zip. */
export function readZip(file) {
  const zip = fs.readFileSync(file);
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== END_OF_DIRECTORY) end--;
  if (end < 0) throw new Error(`${file} is not a zip file.`);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries = new Map();
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== DIRECTORY_ENTRY) throw new Error(`${file}: broken central directory.`);
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const offset = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    entries.set(name, () => {
      if (zip.readUInt32LE(offset) !== LOCAL_HEADER) throw new Error(`${file}: broken entry ${name}.`);
      const start = offset + 30 + zip.readUInt16LE(offset + 26) + zip.readUInt16LE(offset + 28);
      const data = zip.subarray(start, start + size);
      return method === 8 ? inflateRawSync(data) : Buffer.from(data);
    });
    at += 46 + skip;
  }
  return entries;
}

/** A PNG's width and height, from its IHDR chunk; undefined for anything else. */
function pngSize(bytes) {
  const signature = '89504e470d0a1a0a';
  if (bytes.length < 24 || bytes.subarray(0, 8).toString('hex') !== signature) return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** The image sources a Markdown document shows: `![alt](src)` and `<img src="...">`. */
export function imageLinks(markdown) {
  const links = [];
  for (const match of markdown.matchAll(/!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g))
    links.push(match[1]);
  for (const match of markdown.matchAll(/<img\b[^>]*\bsrc=["']([^"']+)["']/gi)) links.push(match[1]);
  return links;
}

/** What only the contributors' README says: how to work on this repository. */
const CONTRIBUTOR_TEXT = [/\bnpm start\b/, /\bpress F5\b/i, /\bnpm test\b/, /^## Layout/m];

/** What is wrong with the packed `file` for a user; empty when nothing is. */
export function vsixProblems(file) {
  const entries = readZip(file);
  const text = (name) => entries.get(name)?.().toString('utf8');
  const problems = [];
  const manifest = JSON.parse(text('extension/package.json') ?? '{}');
  if (!manifest.icon) problems.push('package.json names no icon.');
  else {
    const icon = entries.get(path.posix.join('extension', manifest.icon));
    const size = icon && pngSize(icon());
    if (!size) problems.push(`the icon ${manifest.icon} is not in the package as a PNG.`);
    else if (size.width !== 128 || size.height !== 128) {
      problems.push(`the icon is ${size.width}×${size.height}, not 128×128.`);
    }
  }
  const readmes = [...entries.keys()].filter((name) => /^extension\/readme\.md$/i.test(name));
  if (readmes.length !== 1) return [...problems, `the package holds ${readmes.length} READMEs, not one.`];
  const readme = text(readmes[0]);
  for (const pattern of CONTRIBUTOR_TEXT) {
    if (pattern.test(readme)) problems.push(`its README is the contributors' one (it says ${pattern}).`);
  }
  for (const link of imageLinks(readme)) {
    const inside = path.posix.normalize(path.posix.join('extension', decodeURI(link)));
    if (/^[a-z]+:/i.test(link) || !inside.startsWith('extension/') || !entries.has(inside)) {
      problems.push(`its README shows ${link}, which is not in the package.`);
    }
  }
  return problems;
}
