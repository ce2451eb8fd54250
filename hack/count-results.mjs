// Prints the closing line CI reads, `N passed, N failed`, from jest's JSON result files.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.argv[2] ?? '.jest-results';
let passed = 0;
let failed = 0;
let skipped = 0;
let files = 0;
for (const f of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
  const r = JSON.parse(readFileSync(path.join(dir, f), 'utf8'));
  files++;
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  // A suite that failed to run (syntax error, globalSetup failure) has no tests: count it as a failure.
  failed += r.testResults.filter((t) => t.status === 'failed' && t.assertionResults.length === 0).length;
}
if (files === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
