// testSequencer of hack/mutation/jest.config.js: on a mutant run, keeps only the test files that
// hold a test matching the name pattern Stryker passes (see test-files.js).
import DefaultSequencer from '@jest/test-sequencer';
import { activeMutant, filesWithMatchingTests, readTestFiles } from './test-files.js';

export default class CoveringFilesSequencer extends DefaultSequencer {
  constructor(options) {
    super(options);
    this.testNamePattern = options.globalConfig.testNamePattern;
  }

  sort(tests) {
    const files = activeMutant() === undefined || !this.testNamePattern ? undefined : readTestFiles();
    if (files === undefined) return super.sort(tests);
    const keep = new Set(
      filesWithMatchingTests(
        tests.map((test) => test.path),
        files,
        this.testNamePattern,
      ),
    );
    return super.sort(tests.filter((test) => keep.has(test.path)));
  }
}
