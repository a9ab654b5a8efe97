// Bundles the extension and the CLI (and, with --tests, the test suites).
// Usage: node esbuild.js [--production] [--watch] [--tests]
const esbuild = require('esbuild');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');
const bench = process.argv.includes('--bench');

/** Prints esbuild's errors in the `file:line:col: error: text` form problem matchers read. */
const problemMatcherPlugin = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() =>
      console.log(`[watch] build started (${build.initialOptions.outdir ?? build.initialOptions.outfile})`),
    );
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

/**
 * Large dependencies needed only after start-up (axios, ajv, the OpenAPI documents) go to files of their own under
 * dist/vendor/, which the code requires on first use: the extension host then parses a much
 * smaller dist/extension.js when it activates.
 */
const VENDOR_MODULES = ['axiosModule', 'ajvModule', 'openApiDocumentsModule'];
const vendorPlugin = {
  name: 'vendor',
  setup(build) {
    const filter = new RegExp(`/vendor/(${VENDOR_MODULES.join('|')})$`);
    build.onResolve({ filter }, (args) => ({
      path: `./vendor/${filter.exec(args.path)[1]}.js`,
      external: true,
    }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  define: { 'process.env.MAKINI_DEVTOOLS_VERSION': JSON.stringify(require('./package.json').version) },
  plugins: watch ? [problemMatcherPlugin] : [],
};

/** Files under `dir` whose names end with `suffix`, recursively. */
function findFiles(dir, suffix) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith(suffix))
    .map((d) => path.join(d.parentPath, d.name));
}

function buildOptions() {
  const options = [
    {
      ...common,
      entryPoints: ['src/extension.ts'],
      outfile: 'dist/extension.js',
      external: ['vscode'],
      plugins: [...common.plugins, vendorPlugin],
    },
    {
      ...common,
      entryPoints: ['src/cli/main.ts'],
      outfile: 'dist/cli.js',
      banner: { js: '#!/usr/bin/env node' },
      plugins: [...common.plugins, vendorPlugin],
    },
    {
      ...common,
      entryPoints: VENDOR_MODULES.map((name) => `src/core/vendor/${name}.ts`),
      outdir: 'dist/vendor',
    },
  ];
  if (tests) {
    options.push({
      ...common,
      minify: false,
      sourcemap: true,
      entryPoints: [...findFiles('test/unit', '.test.ts'), ...findFiles('test/integration', '.ts')],
      outdir: 'out/test',
      outbase: 'test',
      external: ['vscode', 'mocha'],
    });
  }
  if (bench) {
    options.push({
      ...common,
      minify: false,
      entryPoints: ['bench/run.ts', ...findFiles('bench', '.bench.ts')],
      outdir: 'out/bench',
      outbase: 'bench',
    });
    // The host benchmark's in-host entry, run by the extension host like a test suite.
    options.push({
      ...common,
      minify: false,
      entryPoints: ['test/hostBench/index.ts'],
      outfile: 'out/test/hostBench/index.js',
      external: ['vscode'],
    });
  }
  return options;
}

/**
 * Writes the event catalog's JSON Schemas to dist/schemas/ (events/<type>.schema.json and
 * payload.schema.json), and the scenario file's (scenario.schema.json), for editors. The catalog is TypeScript, so it is bundled in memory and run.
 */
async function writeSchemas() {
  for (const entry of ['src/core/events/eventSchemas.ts', 'src/core/scenarios/scenarioSchema.ts']) {
    const result = await esbuild.build({
      ...common,
      plugins: [],
      sourcemap: false,
      entryPoints: [entry],
      write: false,
    });
    const bundle = { exports: {} };
    new Function('module', 'exports', 'require', result.outputFiles[0].text)(bundle, bundle.exports, require);
    for (const file of bundle.exports.schemaFiles()) {
      const target = path.join('dist', 'schemas', file.path);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, `${JSON.stringify(file.schema, null, 2)}\n`);
    }
  }
}

/** The production build is gated by the type-checker and the linter. */
function gate() {
  const bin = (name) => path.join(__dirname, 'node_modules', '.bin', name);
  execFileSync(bin('tsc'), ['--noEmit', '-p', '.'], { stdio: 'inherit' });
  execFileSync(bin('eslint'), ['.'], { stdio: 'inherit' });
}

async function main() {
  if (production) {
    gate();
    fs.rmSync('dist', { recursive: true, force: true }); // No stale source maps in a release.
  }
  await writeSchemas();
  const contexts = await Promise.all(buildOptions().map((o) => esbuild.context(o)));
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  fs.chmodSync('dist/cli.js', 0o755);
}

main().catch((error) => {
  if (error && error.status === undefined) console.error(error);
  process.exit(1);
});
