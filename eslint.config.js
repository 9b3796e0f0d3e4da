// ESLint (npm run lint): typescript-eslint's and eslint-plugin-svelte's recommended rules, and
// the renderer's half of the layer rule (.dependency-cruiser.cjs cannot see a .svelte file's
// type-only imports, so the imports of src/ui and src/shared are checked here too).
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';

const outsideUi = ['**/core/**', '**/app/**', '**/host/**', '**/cli/**', '**/db/**', '**/electron/**'];
const uiPatterns = [
  { group: outsideUi, message: 'The renderer imports src/shared and its own code only (ARCHITECTURE.md).' },
  { group: ['node:*', 'zod'], message: 'The renderer runs in a browser and loads no zod.' },
];
const notAcross = 'src/ui/visitor and src/ui/staff do not import each other; both, and kit/, import kit/ and lib/ (ARCHITECTURE.md).';

export default ts.config(
  { ignores: ['dist/', 'release/', 'node_modules/', '.cache/', 'test-results/', 'playwright-report/', 'tests/e2e/fixtures/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] },
    },
  },
  {
    files: ['src/ui/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'no-restricted-imports': ['error', { patterns: uiPatterns }] },
  },
  // Within the renderer: the visitor and staff screens do not import each other, and the kit neither.
  {
    files: ['src/ui/visitor/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...uiPatterns, { group: ['**/staff/**'], message: notAcross }] }] },
  },
  {
    files: ['src/ui/staff/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...uiPatterns, { group: ['**/visitor/**'], message: notAcross }] }] },
  },
  {
    files: ['src/ui/kit/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...uiPatterns, { group: ['**/visitor/**', '**/staff/**'], message: notAcross }] }] },
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!\\./)', message: 'src/shared is a leaf: it imports only its own modules.' }] }],
    },
  },
  {
    files: ['tests/**', 'bench/**'],
    rules: {
      // Tests reach into values by hand, and Playwright fixtures take no fixtures as `{}`.
      '@typescript-eslint/no-explicit-any': 'off',
      'no-empty-pattern': 'off',
      'no-control-regex': 'off',
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },
  {
    // A sandboxed preload is CommonJS and may require only 'electron'.
    files: ['electron/preload.cts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
