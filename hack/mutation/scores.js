// Mutation score per directory from Stryker's JSON report, and the per-directory floors CI holds.
//
//   node hack/mutation/scores.js [report.json]            prints the table
//   node hack/mutation/scores.js [report.json] --check    also fails when a directory with floors
//                                                         (hack/mutation/floors.json) is below it
//
// Score = (killed + timeout) / (killed + timeout + survived + no coverage), as Stryker counts it
// (compile and runtime errors and ignored mutants are not counted).
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const check = args.includes('--check');
const reportFile = args.find((a) => !a.startsWith('--')) ?? 'reports/mutation/mutation.json';
const floors = JSON.parse(readFileSync(new URL('./floors.json', import.meta.url), 'utf8'));
const report = JSON.parse(readFileSync(reportFile, 'utf8'));

const dirOf = (file) => file.split('/').slice(0, 2).join('/');
const rows = new Map();
for (const [file, { mutants }] of Object.entries(report.files)) {
  for (const dir of [dirOf(file), 'all']) {
    const row = rows.get(dir) ?? { Killed: 0, Survived: 0, Timeout: 0, NoCoverage: 0, other: 0 };
    for (const { status } of mutants) {
      if (status in row) row[status] += 1;
      else row.other += 1;
    }
    rows.set(dir, row);
  }
}

const score = (r) => {
  const valid = r.Killed + r.Timeout + r.Survived + r.NoCoverage;
  return valid === 0 ? 100 : (100 * (r.Killed + r.Timeout)) / valid;
};
const failures = [];
console.log('directory             score  killed survived timeout no-cov errors  floor');
for (const [dir, r] of [...rows].sort(([a], [b]) =>
  a === 'all' ? 1 : b === 'all' ? -1 : a.localeCompare(b),
)) {
  const s = score(r);
  const floor = floors[dir];
  if (floor !== undefined && s < floor) failures.push(`${dir}: ${s.toFixed(2)}% < floor ${floor}%`);
  console.log(
    [
      dir.padEnd(20),
      `${s.toFixed(2)}%`.padStart(7),
      ...[r.Killed, r.Survived, r.Timeout, r.NoCoverage, r.other].map((n) => String(n).padStart(8)),
      floor === undefined ? '      -' : `${floor}%`.padStart(7),
    ].join(''),
  );
}
if (check && failures.length > 0) {
  console.error(`mutation score below its floor (hack/mutation/floors.json):\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
