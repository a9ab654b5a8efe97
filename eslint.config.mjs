// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Default exports, in every form: `export default …`, `export { x as default }`, `export =`. */
const NO_DEFAULT_EXPORTS = [
  { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
  {
    selector: "ExportSpecifier[exported.name='default'], ExportSpecifier[exported.value='default']",
    message: 'Use named exports.',
  },
  { selector: 'TSExportAssignment', message: 'Use named exports.' },
];

/** Re-exports: import a name from the module that declares it, never through another. */
const NO_RE_EXPORTS = [
  { selector: 'ExportAllDeclaration', message: 'No re-exports: import from the declaring module.' },
  { selector: 'ExportNamedDeclaration[source]', message: 'No re-exports: import from the declaring module.' },
  {
    selector: 'ExportNamedDeclaration > TSImportEqualsDeclaration.declaration',
    message: 'No re-exports: import from the declaring module.',
  },
];

/**
 * `import { x } from './a'; export { x };` is a re-export too, which no selector can see: this
 * rule asks the scope manager whether an exported name is an import binding.
 */
const localRules = {
  rules: {
    'no-re-exported-imports': {
      meta: {
        type: 'problem',
        schema: [],
        messages: { reExport: 'No re-exports: `{{name}}` is imported; import it from the declaring module.' },
      },
      create(context) {
        return {
          'ExportNamedDeclaration[source=null][declaration=null]'(node) {
            const scope = context.sourceCode.getScope(node);
            for (const specifier of node.specifiers) {
              if (specifier.local.type !== 'Identifier') continue;
              const name = specifier.local.name;
              let variable;
              for (let s = scope; s && !variable; s = s.upper) variable = s.set.get(name);
              if (variable?.defs.some((def) => def.type === 'ImportBinding')) {
                context.report({ node: specifier, messageId: 'reExport', data: { name } });
              }
            }
          },
        };
      },
    },
  },
};

export default tseslint.config(
  {
    ignores: ['dist/**', 'out/**', '.vscode-test/**', 'node_modules/**', 'bench/results/**', '*.vsix'],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    files: ['**/*.ts'],
    plugins: { local: localRules },
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', ...NO_DEFAULT_EXPORTS, ...NO_RE_EXPORTS],
      'local/no-re-exported-imports': 'error',
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
      'max-lines': ['error', { max: 300, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/cli runs in a terminal: it must not import vscode.' }],
          patterns: [
            {
              group: ['**/host', '**/host/**', '**/extension'],
              message: 'src/cli must not depend on the host layer: share code through src/core.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'vscode',
              message: 'src/core must not import vscode: keep it usable from the CLI and unit tests.',
            },
          ],
          patterns: [
            {
              group: ['**/host', '**/host/**', '**/cli', '**/cli/**', '**/extension'],
              message: 'src/core must not depend on the host or CLI layers.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        Buffer: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
      },
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
