// setupFilesAfterEnv of hack/mutation/jest.config.js: during Stryker's first (unmutated) run,
// records the names of this file's tests (see test-files.js).
import { afterAll, beforeEach, expect } from '@jest/globals';
import { activeMutant, recordTestFile } from './test-files.js';

if (activeMutant() === undefined) {
  const names = [];
  beforeEach(() => {
    names.push(expect.getState().currentTestName);
  });
  afterAll(() => {
    recordTestFile(expect.getState().testPath, names);
  });
}
