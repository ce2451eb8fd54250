// Which test file holds which tests, as seen by Stryker's first (unmutated) run.
//
// Stryker runs a mutant with jest's --findRelatedTests on the mutated file and a test name pattern
// listing the tests that cover the mutant. Jest still loads every related test file (for
// token-bucket.ts that is 21 files, each importing much of the operator) only to skip most of
// their tests, and that load is most of a mutant's cost. record-tests.js writes, during the first
// run, one line per test file with the names of its tests; sequencer.js then drops the files
// none of whose tests match the pattern, which is exactly the set of files jest would have
// loaded and then skipped whole.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Lives in Stryker's sandbox (the working directory of its test runners); ignored by git.
const indexFile = () => join(process.cwd(), '.stryker-test-files.jsonl');

export const activeMutant = () => process.env.__STRYKER_ACTIVE_MUTANT__;

export function recordTestFile(testPath, names) {
  appendFileSync(indexFile(), `${JSON.stringify({ testPath, names })}\n`);
}

/** testPath -> names of its tests, or undefined when no first run was recorded here. */
export function readTestFiles() {
  if (!existsSync(indexFile())) return undefined;
  const files = new Map();
  for (const line of readFileSync(indexFile(), 'utf8').split('\n')) {
    if (line === '') continue;
    const { testPath, names } = JSON.parse(line);
    files.set(testPath, [...(files.get(testPath) ?? []), ...names]);
  }
  return files;
}

/** The tests jest would run at all with this name pattern (jest matches it case-insensitively). */
export function filesWithMatchingTests(testPaths, files, testNamePattern) {
  const pattern = new RegExp(testNamePattern, 'i');
  return testPaths.filter((testPath) => {
    const names = files.get(testPath);
    return names === undefined || names.some((name) => pattern.test(name));
  });
}
