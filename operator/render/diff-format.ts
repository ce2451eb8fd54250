import { stringifyJson } from '../kube/json-walk.js';
import type { Customisation, FieldChange } from './attribution.js';
import { uncheckable, type DiffStatus, type ObjectDiff } from './diff.js';
import { formatTable } from './format.js';
import { objectLabel } from './report.js';

const MAX_VALUE = 100;

const STATUS_TEXT: Record<DiffStatus, string> = {
  unchanged: 'unchanged',
  'would-create': 'would create',
  'would-change': 'would change',
  held: 'held',
  unmanaged: 'unmanaged',
  excluded: 'excluded',
  'missing-crd': 'missing CRD',
  failed: 'failed',
};

/** A value as JSON on one line, shortened; `(absent)` when the field does not exist. */
export function showValue(value: unknown, present: boolean): string {
  if (!present) return '(absent)';
  const text = stringifyJson(value) ?? String(value); // any depth the API server accepts
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 3)}...` : text;
}

function changeLine(change: FieldChange): string {
  const via = change.via ? `   (from ${change.via})` : '';
  const live = showValue(change.live, 'live' in change);
  const desired = showValue(change.desired, 'desired' in change);
  return `    ${change.path}: ${live} -> ${desired}${via}`;
}

function customisationLine(c: Customisation): string {
  const verb = c.effect === 'patch' ? 'sets' : 'keeps the live value of';
  return `    ${c.annotation} ${verb} ${c.paths.join(', ')}`;
}

/** The lines under an object's row: why it is not checked, or what would change and why. */
function details(diff: ObjectDiff): string[] {
  const lines: string[] = [];
  const reason = diff.reason ?? '';
  if (diff.annotation && !reason.includes(diff.annotation))
    lines.push(`    annotation ${diff.annotation}: ${reason}`);
  else if (reason && diff.status !== 'unchanged') lines.push(`    ${reason}`);
  lines.push(...diff.changes.map(changeLine), ...diff.customisations.map(customisationLine));
  return lines;
}

/** `diff`'s text output: one row per asset, its changed fields below it, and a summary line. */
export function formatDiff(diffs: readonly ObjectDiff[]): string {
  const rows = diffs.map((d) => [d.asset, objectLabel(d), STATUS_TEXT[d.status]]);
  const [header = '', ...rowLines] = formatTable(['ASSET', 'KIND/NAME', 'RESULT'], rows)
    .trimEnd()
    .split('\n');
  const body = rowLines.flatMap((line, i) => [line, ...details(diffs[i] as ObjectDiff)]);
  return [header, ...body, '', summary(diffs)].join('\n') + '\n';
}

function summary(diffs: readonly ObjectDiff[]): string {
  const counts = new Map<DiffStatus, number>();
  for (const d of diffs) counts.set(d.status, (counts.get(d.status) ?? 0) + 1);
  const parts = [...counts].map(([status, n]) => `${n} ${STATUS_TEXT[status]}`);
  const writes = (counts.get('would-create') ?? 0) + (counts.get('would-change') ?? 0);
  const stuck = uncheckable(diffs).length;
  const verdicts = [
    ...(writes > 0 ? [`${writes} object(s) would be written`] : []),
    ...(stuck > 0 ? [`${stuck} object(s) cannot be reconciled until fixed (see above)`] : []),
  ];
  return `${parts.join(', ')}: ${verdicts.join('; ') || 'no differences'}`;
}
