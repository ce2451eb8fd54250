import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Layering (STYLE.md): cli, main -> runtime -> handlers -> pipeline -> {assets, throttling, kube/client,
// observability}. main.ts is the one composition root: only it imports app/ (the adapters that join
// the domain to runtime/), and runtime/ knows no domain. debug/ reads a status port, never runtime/.
// Only operator/kube/credentials/plugin.ts may import @kubernetes/client-node (lazily).
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
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'hack/envtest/tools/**',
      'bench/results/**',
      '.stryker-tmp/**',
      'reports/**',
    ],
  },
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
    ignores: ['operator/kube/credentials/plugin.ts', 'operator/main.ts', 'operator/app/**'],
    rules: { 'no-restricted-imports': ['error', lower('app')] },
  },
  {
    files: ['operator/main.ts', 'operator/app/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', lower('cli')] },
  },
  {
    files: ['operator/runtime/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        lower('app', 'handlers', 'pipeline', 'assets', 'render', 'cli', 'debug', 'health', 'http'),
      ],
    },
  },
  {
    files: ['operator/{debug,health}/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', lower('app', 'runtime', 'cli')] },
  },
  {
    files: ['operator/pipeline/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', lower('app', 'runtime', 'handlers', 'cli', 'debug', 'health')],
    },
  },
  {
    files: ['operator/{handlers,render}/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', lower('app', 'runtime', 'cli', 'debug', 'health')] },
  },
  {
    files: ['operator/{assets,throttling,observability}/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        lower('app', 'runtime', 'handlers', 'pipeline', 'cli', 'debug', 'health'),
      ],
    },
  },
  // Locale-aware comparison and formatting load ICU's data (~2 MiB of the node binary kept
  // resident: bench/README.md, "Memory"); operator code orders and prints locale-free.
  {
    files: ['operator/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...['localeCompare', 'toLocaleString', 'toLocaleDateString', 'toLocaleTimeString'].map(
          (property) => ({
            property,
            message:
              'Locale-aware: loads ICU data. Use byCodeUnits (operator/compare.ts) or plain formatting.',
          }),
        ),
      ],
      'no-restricted-globals': [
        'error',
        { name: 'Intl', message: 'Loads ICU data (bench/README.md, "Memory").' },
      ],
    },
  },
  // jest and StrykerJS load these through their default export
  {
    files: [
      '*.config.js',
      'tests/support/global-*.mjs',
      'hack/mutation/{jest.config,ci.config,sequencer}.js',
    ],
    rules: { 'no-restricted-exports': 'off' },
  },
);
