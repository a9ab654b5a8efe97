/**
 * Import rules for src/, checked by `npm test` (dependency-cruiser). Type-only imports count: a
 * cycle through `import type` still couples the files.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles in src/, type-only imports included.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-is-editor-free',
      severity: 'error',
      comment: 'src/core runs without VS Code: it imports neither src/host nor src/cli.',
      from: { path: '^src/core' },
      to: { path: '^src/(host|cli)' },
    },
    {
      name: 'cli-is-editor-free',
      severity: 'error',
      comment: 'src/cli runs in a terminal: it imports src/core, never src/host.',
      from: { path: '^src/cli' },
      to: { path: '^src/host' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(node_modules|out|dist)' },
  },
};
