import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// Layering (docs/decisions/009-event-registry.md). Regexes, so relative, `~/` and `#app/` imports
// are all caught.
const notIn = (dir, message) => ({ regex: `(^|/)${dir}(/|$)`, message });
const DOMAIN_LAYER = [
  notIn('routes', 'The domain never imports routes: routes call the domain.'),
  notIn('components', 'The domain never imports components: they render what it returns.'),
  notIn('live', 'The domain never imports the live client: the live layer reads the domain.'),
  notIn('realtime', 'The domain never imports the realtime server: it reads the domain.'),
];
const DATA_LAYER = [
  notIn('routes', 'db/ and seed/ never import routes.'),
  notIn('components', 'db/ and seed/ never import components.'),
];
const SERVER_ONLY = {
  regex: String.raw`\.server(\.[jt]sx?)?$`,
  message: 'Browser code never imports *.server modules (they hold secrets and database access).',
};
const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  { ignores: ['build/**', 'data/**', 'node_modules/**', 'test-results/**', 'db/migrations/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  { files: ['app/domain/**/*.server.{ts,tsx}'], rules: restrict(...DOMAIN_LAYER) },
  {
    // Browser-safe domain files (schemas, policies, event declarations) ship to the browser.
    files: ['app/domain/**/*.{ts,tsx}'],
    ignores: ['app/domain/**/*.server.{ts,tsx}'],
    rules: restrict(...DOMAIN_LAYER, SERVER_ONLY),
  },
  { files: ['db/**/*.{ts,tsx}', 'seed/**/*.{ts,tsx}'], rules: restrict(...DATA_LAYER) },
  {
    // Route files may import *.server in loaders and actions (Remix strips those from the browser
    // bundle), so they are not covered; components and the live client have no such escape.
    files: ['app/components/**/*.{ts,tsx}', 'app/live/**/*.{ts,tsx}'],
    rules: restrict(SERVER_ONLY),
  },
  {
    // useTestDatabase() is a vitest helper, not a React hook.
    files: ['tests/**/*.ts', 'bench/**/*.ts'],
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },
);
