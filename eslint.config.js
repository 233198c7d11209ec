// One linter: ESLint with typescript-eslint's type-aware rules (floating and misused promises included).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'reports/', 'build/', 'docs/.docusaurus/', 'docs/build/', 'docs/content/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test runs describe/it itself; their returned promises are not ours to await.
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      // Ports are async by contract; their in-memory twins need not await anything.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // A step that captures an argument uses it: the sentence audit (npm run test:sentences) proves the words
    // matter, and an ignored one is a sentence nobody checks. No underscore escape here.
    files: ['steps/**/*.steps.ts'],
    rules: { '@typescript-eslint/no-unused-vars': ['error', { args: 'all' }] },
  },
  {
    // An assertion without a message makes node:assert write one from the source: it reads the step file at the
    // position of tsx's compiled code and parses from there, which took minutes of CPU on the first failure of a
    // process (the sentence audit fails steps thousands of times). Say what was found instead.
    files: ['steps/**/*.ts', 'test/fixtures/**/steps/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'CallExpression[arguments.length=1]:matches([callee.name=/^(assert|ok)$/], [callee.property.name=/^(ok|strict)$/])',
          message: 'Give the assertion a message that says what was found.',
        },
      ],
    },
  },
  {
    // Unit test files share one process (test/unit.ts): a second MSW server would catch the others' requests.
    files: ['test/**/*.test.ts', 'docs/generator/test/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/mocks/server.ts'],
              importNames: ['startMockVendors'],
              message: 'A unit test gets the mocked vendors from useMockVendors() in test/support/mock-vendors.ts.',
            },
          ],
        },
      ],
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
);
