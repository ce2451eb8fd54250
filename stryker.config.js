// Mutation testing (docs/mutation-testing.md): StrykerJS mutates the reconcile core and runs the
// unit tests (hack/mutation/jest.config.js) against every mutant. `npm run mutation` runs it.
export default {
  testRunner: 'jest',
  jest: { projectType: 'custom', configFile: 'hack/mutation/jest.config.js' },
  // The unit tests are ES modules: jest needs the VM modules flag in Stryker's workers too.
  testRunnerNodeArgs: ['--experimental-vm-modules'],
  coverageAnalysis: 'perTest',
  // Mutants in module-level code (constants, defaults) are covered by every test that imports the
  // module, so each would run all related test files, CLI and fuzz tests included: minutes apiece
  // here. They are reported as Ignored and not counted in the score.
  ignoreStatic: true,
  mutate: [
    'operator/pipeline/**/*.ts',
    'operator/handlers/**/*.ts',
    'operator/throttling/**/*.ts',
    'operator/runtime/**/*.ts',
  ],
  concurrency: 2,
  // Generous: other work shares the 2 cores, and a slow run must not be counted as a timeout.
  timeoutMS: 10000,
  // The full run reports; CI (hack/mutation/ci.config.js) sets `break` from hack/mutation/floors.json.
  thresholds: { high: 85, low: 70, break: null },
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  // Not copied into the sandbox: other runs' sandboxes and reports.
  ignorePatterns: ['/.stryker-tmp*', '/reports'],
  cleanTempDir: 'always',
};
