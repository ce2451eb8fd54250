import { objectKey, type KubeObject } from '../kube/types.js';
import type { Stop } from '../pipeline/step.js';
import { customisationsOf, fieldChanges, type Customisation, type FieldChange } from './attribution.js';
import type { AssetVerdict } from './preview.js';

/** What the next reconcile would do to one asset's object. */
export type DiffStatus =
  | 'unchanged'
  | 'would-create'
  | 'would-change'
  | 'held'
  | 'unmanaged'
  | 'excluded'
  | 'missing-crd'
  | 'failed';

export interface ObjectDiff {
  asset: string;
  kind: string;
  name?: string;
  namespace?: string;
  status: DiffStatus;
  reason?: string;
  /** The annotation at fault when held. */
  annotation?: string;
  changes: FieldChange[];
  customisations: Customisation[];
}

const STOP_STATUS: Partial<Record<Stop['stop'], DiffStatus>> = {
  unchanged: 'unchanged',
  created: 'would-create',
  applied: 'would-change',
  held: 'held',
  unmanaged: 'unmanaged',
  excluded: 'excluded',
  skipped: 'excluded',
};

/**
 * The diff of one asset previewed through the drift step. `dryRunOf` gives the server's dry-run
 * answer by `Kind/ns/name`, whose values are what the operator's apply would leave. Pure.
 */
export function diffOf(verdict: AssetVerdict, dryRunOf: (key: string) => KubeObject | undefined): ObjectDiff {
  const base = { asset: verdict.asset.name, kind: verdict.asset.component, changes: [], customisations: [] };
  if ('ineligible' in verdict) {
    const { cause, reason } = verdict.ineligible;
    return { ...base, status: cause === 'missing-dependency' ? 'missing-crd' : 'excluded', reason };
  }
  const { stop, desiredAfter } = verdict;
  const { desired, live } = stop.state;
  const status = STOP_STATUS[stop.stop] ?? 'failed';
  const customisations = customisationsOf({
    rendered: desiredAfter.get('opt-out'),
    patched: desiredAfter.get('patch'),
    masked: desiredAfter.get('mask'),
    live,
  });
  const key = desired
    ? objectKey({ kind: desired.kind, name: desired.metadata.name, namespace: desired.metadata.namespace })
    : '';
  const server = dryRunOf(key) ?? desired;
  const changes =
    status === 'would-change' && live && server
      ? fieldChanges({ paths: stop.state.drift?.paths ?? [], live, desired: server, customisations })
      : [];
  return {
    ...base,
    ...(desired?.metadata.name ? { name: desired.metadata.name } : {}),
    ...(desired?.metadata.namespace ? { namespace: desired.metadata.namespace } : {}),
    status,
    ...(stop.reason ? { reason: stop.reason } : {}),
    ...(stop.annotation ? { annotation: stop.annotation } : {}),
    changes,
    customisations,
  };
}

/** Objects the next reconcile cannot bring to their desired state: held by an annotation, or refused. */
export function uncheckable(diffs: readonly ObjectDiff[]): ObjectDiff[] {
  return diffs.filter((d) => d.status === 'failed' || d.status === 'held');
}

/**
 * `diff`'s exit code: 2 when any object could not be checked (a refused dry-run, or a held object
 * whose annotation must be fixed first), 1 when any would be written, else 0.
 */
export function diffExitCode(diffs: readonly ObjectDiff[]): 0 | 1 | 2 {
  if (uncheckable(diffs).length > 0) return 2;
  return diffs.some((d) => d.status === 'would-create' || d.status === 'would-change') ? 1 : 0;
}
