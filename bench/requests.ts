import { readFileSync } from 'node:fs';

/** Request counts per verb, with dry-runs (dry_run="All") kept apart from real requests. */
export type VerbCounts = Record<string, number>;

export interface RequestFigures {
  /** kube-apiserver's apiserver_request_total, difference over the period, every client. */
  metricAllClients: VerbCounts;
  /** The same period from the audit log, only the operator's user. */
  operator: VerbCounts;
  /** The bench's own requests (audit log, the bench's user), excluded from `operator`. */
  bench: VerbCounts;
  operatorWrites: number;
  operatorDryRuns: number;
}

const WRITE_VERBS = new Set([
  'APPLY',
  'PATCH',
  'PUT',
  'POST',
  'DELETE',
  'apply',
  'patch',
  'update',
  'create',
  'delete',
  'deletecollection',
]);

/** Sums apiserver_request_total by verb; dry-run requests are counted under "<VERB> (dry-run)". */
export function requestTotals(metricsText: string): VerbCounts {
  const out: VerbCounts = {};
  for (const line of metricsText.split('\n')) {
    if (!line.startsWith('apiserver_request_total{')) continue;
    const verb = /verb="([^"]*)"/.exec(line)?.[1] ?? '?';
    const key = /dry_run="All"/.test(line) ? `${verb} (dry-run)` : verb;
    out[key] = (out[key] ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return out;
}

export function diffCounts(after: VerbCounts, before: VerbCounts): VerbCounts {
  const out: VerbCounts = {};
  for (const [key, value] of Object.entries(after)) {
    const delta = value - (before[key] ?? 0);
    if (delta > 0) out[key] = delta;
  }
  return out;
}

interface AuditEvent {
  stage?: string;
  verb?: string;
  requestURI?: string;
  objectRef?: { resource?: string; subresource?: string };
  user?: { username?: string };
}

/** Audit-log lines past a byte offset, counted per user, verb and resource (dry-runs apart), and the new offset. */
export function auditCounts(
  file: string,
  fromOffset: number,
): { byUser: Record<string, VerbCounts>; offset: number } {
  const buf = readFileSync(file);
  const byUser: Record<string, VerbCounts> = {};
  for (const line of buf.subarray(fromOffset).toString('utf8').split('\n')) {
    if (!line.trim()) continue;
    const event = JSON.parse(line) as AuditEvent;
    if (event.stage !== 'ResponseComplete') continue;
    const user = event.user?.username ?? '?';
    const verb = (event.verb ?? '?').toUpperCase();
    const resource = [event.objectRef?.resource, event.objectRef?.subresource].filter(Boolean).join('/');
    const dryRun = /[?&]dryRun=All/.test(event.requestURI ?? '') ? ' (dry-run)' : '';
    const key = `${verb} ${resource || event.requestURI?.split('?')[0]}${dryRun}`;
    const counts = (byUser[user] ??= {});
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return { byUser, offset: buf.length };
}

/** Real writes (not dry-runs) and dry-runs in a set of counts. */
export function writesAndDryRuns(counts: VerbCounts): { writes: number; dryRuns: number } {
  let writes = 0;
  let dryRuns = 0;
  for (const [key, value] of Object.entries(counts)) {
    const verb = key.split(' ')[0] ?? '';
    if (key.endsWith('(dry-run)')) dryRuns += value;
    else if (WRITE_VERBS.has(verb)) writes += value;
  }
  return { writes, dryRuns };
}
