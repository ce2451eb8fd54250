import { formatTable } from './format.js';
import { objectLabel } from './report.js';
import type { AssetStatusRow } from './status.js';

const MAX_CELL = 60;

function short(text: string): string {
  return text.length > MAX_CELL ? `${text.slice(0, MAX_CELL - 3)}...` : text;
}

/** `5m`, `2h`, `3d`: how long ago. */
export function age(iso: string, now: number): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)}h`;
  return `${Math.round(seconds / 86_400)}d`;
}

/** `status`'s table: one row per catalog asset and a summary line. */
export function formatStatusTable(rows: readonly AssetStatusRow[], now: number): string {
  const cells = rows.map((r) => [
    r.asset,
    objectLabel(r),
    r.compliance,
    short(r.reason ?? ''),
    r.customisations.map((c) => c.replace('platform.kubevirt.io/', '')).join(',') || '-',
    r.deferrals ? `${r.deferrals.count} (last ${age(r.deferrals.last, now)} ago)` : '-',
    r.poolWait ? short(r.poolWait.note) : '-',
    r.lastEvent ? `${r.lastEvent.reason} ${age(r.lastEvent.at, now)} ago` : '-',
  ]);
  const header = [
    'ASSET',
    'OBJECT',
    'COMPLIANCE',
    'REASON',
    'CUSTOMISED',
    'DEFERRALS',
    'POOL WAIT',
    'LAST EVENT',
  ];
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.compliance, (counts.get(r.compliance) ?? 0) + 1);
  const summary = [...counts].map(([c, n]) => `${n} ${c}`).join(', ');
  return `${formatTable(header, cells)}\n${summary}\n`;
}
