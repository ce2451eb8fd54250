import type { Tombstone } from '../assets/tombstones.js';
import { decideTombstone } from '../assets/tombstone-decision.js';
import { errorMessage, KubeApiError } from '../errors.js';
import type { KubeClient } from '../kube/client.js';
import { gvkOf, objectKey, refOf } from '../kube/types.js';
import { REASONS, type EventRecorder } from '../observability/events.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { TombstoneStatus } from './status-board.js';

/** A delete that keeps conflicting is left for the next pass (it is reported as failed). */
const MAX_DELETE_ATTEMPTS = 3;

/**
 * Deletes each tombstoned object if and only if it carries the managed-by label, pinned by uid
 * and resourceVersion to the read that saw the label (a 409 re-reads and decides again). Not found and
 * kind-not-served count as done; a failure is reported and never blocks the assets.
 */
export async function processTombstones(deps: {
  tombstones: readonly Tombstone[];
  client: KubeClient;
  metrics: Metrics;
  events: EventRecorder;
  logger: Logger;
}): Promise<TombstoneStatus[]> {
  const out: TombstoneStatus[] = [];
  for (const tombstone of deps.tombstones) {
    const status = await processOne(tombstone, deps);
    const obj = tombstone.object;
    const ref = { kind: obj.kind, name: obj.metadata.name ?? '', namespace: obj.metadata.namespace ?? '' };
    deps.metrics.setTombstoneStatus(
      ref,
      status.status === 'failed' ? -1 : status.status === 'skipped' ? -2 : 0,
    );
    out.push(status);
  }
  return out;
}

async function processOne(
  tombstone: Tombstone,
  deps: { client: KubeClient; events: EventRecorder; logger: Logger },
): Promise<TombstoneStatus> {
  const ref = refOf(tombstone.object);
  const base = {
    kind: ref.kind,
    name: ref.name,
    release: tombstone.release,
    ...(ref.namespace ? { namespace: ref.namespace } : {}),
  };
  const log = deps.logger.child({
    kind: ref.kind,
    name: ref.name,
    namespace: ref.namespace ?? '',
    tombstone: tombstone.file,
  });
  try {
    if (!(await deps.client.resolve(gvkOf(tombstone.object))))
      return { ...base, status: 'absent', reason: 'kind not served' };
    for (let attempt = 1; ; attempt++) {
      const live = await deps.client.get(ref);
      const decision = decideTombstone(live);
      if (decision.kind === 'absent' || !live) return { ...base, status: 'absent' };
      const regarding = { ...ref, ...(live.metadata.uid ? { uid: live.metadata.uid } : {}) };
      if (decision.kind === 'not-ours') {
        log.warn('tombstone skipped: object is not labelled as ours, not deleting');
        await deps.events.emit({
          regarding,
          type: 'Warning',
          reason: REASONS.TombstoneSkipped,
          action: 'Delete',
          note: `Not deleting ${objectKey(ref)} (${tombstone.file}): it lacks the label platform.kubevirt.io/managed-by=virt-platform-autopilot`,
        });
        return { ...base, status: 'skipped', reason: 'not labelled as managed by virt-platform-autopilot' };
      }
      try {
        await deps.client.delete(ref, decision.preconditions);
      } catch (err) {
        // 409: the object changed since it was read (perhaps its label was removed): read it again.
        if (err instanceof KubeApiError && err.isConflict && attempt < MAX_DELETE_ATTEMPTS) {
          log.info('tombstone delete conflicted with a change: re-reading', { attempt });
          continue;
        }
        throw err;
      }
      log.info('tombstone deleted');
      await deps.events.emit({
        regarding,
        type: 'Normal',
        reason: REASONS.TombstoneDeleted,
        action: 'Delete',
        note: `Deleted ${objectKey(ref)}: removed by this release (${tombstone.file})`,
      });
      return { ...base, status: 'deleted' };
    }
  } catch (err) {
    log.error('tombstone failed', { error: errorMessage(err) });
    return { ...base, status: 'failed', reason: errorMessage(err) };
  }
}
