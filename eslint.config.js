import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const SPREAD_ARGUMENT_MESSAGE =
  'spreading an array into push/unshift/splice/concat, Math.max/min or String.fromCharCode/fromCodePoint puts every element on the stack, and a long array overflows it (RangeError): use a for…of loop or reduce';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'coverage/', 'dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // The few scripts served to browsers.
    files: ['src/web/static/**/*.js'],
    languageOptions: {
      globals: {
        document: 'readonly',
        fetch: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        AbortController: 'readonly',
      },
    },
  },
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name=/^(it|test|describe)$/][callee.property.name='only']",
          message: 'no .only in tests',
        },
        // A spread argument puts every element on the stack: a long array (one huge word's bigrams, a file's
        // issues) overflows it with a RangeError, whatever the array's usual size.
        ...[
          'CallExpression[callee.property.name=/^(push|unshift|splice|concat)$/] > SpreadElement',
          "CallExpression[callee.object.name='Math'][callee.property.name=/^(max|min)$/] > SpreadElement",
          "CallExpression[callee.object.name='String'][callee.property.name=/^fromC(harCode|odePoint)$/] > SpreadElement",
        ].map((selector) => ({ selector, message: SPREAD_ARGUMENT_MESSAGE })),
      ],
    },
  },
  {
    // A file a reader can hold in their head (docs/architecture.md): every line counts, comments too.
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    rules: {
      'max-lines': ['error', { max: 400 }],
      'max-lines-per-function': ['error', { max: 120 }],
    },
  },
  {
    // Every CSV the app writes goes through `csvText`, which keeps spreadsheet formulas out of its cells.
    ignores: ['src/formats/csv-cells.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['csv-stringify', 'csv-stringify/*'],
              message: 'write CSV with csvText from src/formats/csv-cells.ts',
            },
          ],
        },
      ],
    },
  },
);
