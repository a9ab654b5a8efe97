import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../../support/repo';

interface ManifestCommand {
  readonly command: string;
  readonly title: string;
  readonly category?: string;
}

interface Manifest {
  readonly contributes: {
    readonly commands: readonly ManifestCommand[];
    readonly viewsWelcome: readonly { readonly contents: string }[];
    readonly walkthroughs: readonly { readonly steps: readonly { readonly description: string }[] }[];
  };
}

const root = repoRoot();
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;
const commands = manifest.contributes.commands;
const withoutEllipsis = (title: string): string => title.replace(/…$/, '');

/** The files that tell a user which command to run: the READMEs, the walkthrough, the code, the scripts. */
function filesNamingCommands(): string[] {
  const under = (dir: string, suffix: string): string[] =>
    fs
      .readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith(suffix))
      .map((file) => path.join(dir, file));
  return [
    'README.md',
    'CHANGELOG.md',
    'media/marketplace/README.md',
    ...under('media/walkthrough', '.md'),
    ...under('src', '.ts'),
    ...under('scripts', '.mjs'),
  ];
}

suite('host/command titles', () => {
  test('no title repeats its category, so the palette never reads "Makini: … Makini"', () => {
    for (const { command, title, category } of commands) {
      if (category) assert.doesNotMatch(title, new RegExp(`\\b${category}\\b`, 'i'), `${command}: ${title}`);
    }
  });

  test('every "Makini: <command>" the docs, messages and scripts mention is a command of the palette', () => {
    const titles = commands.map((c) => withoutEllipsis(c.title));
    const mentions = filesNamingCommands().flatMap((file) => {
      const text = fs.readFileSync(path.join(root, file), 'utf8').replace(/\s+/g, ' ');
      return [...text.matchAll(/Makini: ([A-Z][^*_'"`]*)/g)].map((m) => ({ file, text: m[1] ?? '' }));
    });
    assert.ok(mentions.length > 10, 'the files name the commands they tell users to run');
    for (const { file, text } of mentions) {
      assert.ok(
        titles.some((title) => text.startsWith(title)),
        `${file} mentions "Makini: ${text.slice(0, 40)}", which no command is called`,
      );
    }
  });

  test("a welcome or walkthrough button that runs one of our commands carries the command's title", () => {
    const texts = [
      ...manifest.contributes.viewsWelcome.map((w) => w.contents),
      ...manifest.contributes.walkthroughs.flatMap((w) => w.steps.map((s) => s.description)),
    ];
    const links = texts.flatMap((text) => [...text.matchAll(/\[([^\]]+)\]\(command:([\w.]+)/g)]);
    for (const [, label = '', id] of links) {
      const command = commands.find((c) => c.command === id);
      if (command) assert.equal(withoutEllipsis(label), withoutEllipsis(command.title), id);
    }
  });
});
