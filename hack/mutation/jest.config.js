// The jest config StrykerJS runs (stryker.config.js): the `unit` project of jest.config.js as one
// flat config (Stryker runs jest in-process and cannot select a project), plus the two pieces
// that let a mutant run load only the test files that cover it (see test-files.js).
import config from '../../jest.config.js';

const { displayName: _displayName, ...unit } = config.projects.find((p) => p.displayName === 'unit');

export default {
  ...unit,
  rootDir: '../..',
  testTimeout: config.testTimeout,
  setupFilesAfterEnv: ['<rootDir>/hack/mutation/record-tests.js'],
  testSequencer: '<rootDir>/hack/mutation/sequencer.js',
};
