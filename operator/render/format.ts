import { stringify } from 'yaml';
import { poolNote } from './pool-target.js';
import { objectLabel, type AssetReport } from './report.js';

/** Fixed-width columns; the last column is never padded. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

/** `render --output=status`: one row per asset and a summary line. */
export function formatStatus(reports: readonly AssetReport[]): string {
  const rows = reports.map((r) => [
    r.asset,
    r.tier,
    r.install,
    objectLabel(r),
    r.included ? 'included' : 'excluded',
    r.included ? (r.pool ? poolNote(r.pool) : '') : `${r.cause ?? ''}: ${r.reason ?? ''}`,
  ]);
  const included = reports.filter((r) => r.included).length;
  const summary = `\n${included} included, ${reports.length - included} excluded\n`;
  return formatTable(['ASSET', 'TIER', 'INSTALL', 'KIND/NAME', 'STATUS', 'REASON'], rows) + summary;
}

/**
 * `render --output=yaml`: the included objects as a multi-document stream for `kubectl apply -f -`,
 * each after a `# asset: NAME` comment. YAML 1.1 quoting, so `yes`, `on` or `0644` stay strings
 * for YAML 1.1 readers such as kubectl.
 */
export function formatYamlStream(reports: readonly AssetReport[]): string {
  return reports
    .filter((r) => r.included && r.object)
    .map((r) => `# asset: ${r.asset}\n${stringify(r.object, { version: '1.1', lineWidth: 0 })}`)
    .join('---\n');
}

/** `render --output=json`: the reports as a 2-space JSON array. */
export function formatJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
