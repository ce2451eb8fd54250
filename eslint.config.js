import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Layering (STYLE.md): cli, main -> runtime -> handlers -> pipeline -> {assets, throttling, kube/client,
// observability}. Only operator/kube/credentials/plugin.ts may import @kubernetes/client-node (lazily).
const noClientNode = {
  paths: [
    {
      name: '@kubernetes/client-node',
      message: 'Only operator/kube/credentials/plugin.ts talks to client-node.',
    },
  ],
};
const lower = (...forbidden) => ({
  ...noClientNode,
  patterns: forbidden.map((dir) => ({
    group: [`**/${dir}/*`],
    message: `This layer must not import ${dir}/.`,
  })),
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'hack/envtest/tools/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-exports': [
        'error',
        {
          restrictDefaultExports: {
            direct: true,
            named: true,
            defaultFrom: true,
            namedFrom: true,
            namespaceFrom: true,
          },
        },
      ],
    },
  },
  {
    files: ['operator/**/*.ts'],
    ignores: ['operator/kube/credentials/plugin.ts'],
    rules: { 'no-restricted-imports': ['error', noClientNode] },
  },
  {
    files: ['operator/pipeline/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', lower('runtime', 'handlers', 'cli', 'debug', 'health')] },
  },
  {
    files: ['operator/handlers/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', lower('runtime', 'cli', 'debug', 'health')] },
  },
  {
    files: ['operator/{assets,throttling,observability}/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', lower('runtime', 'handlers', 'pipeline', 'cli', 'debug', 'health')],
    },
  },
  // jest loads these through their default export
  { files: ['*.config.js', 'tests/support/global-*.mjs'], rules: { 'no-restricted-exports': 'off' } },
);
