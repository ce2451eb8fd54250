import type { KubeObject } from '../kube/types.js';

/**
 * When `manager` last changed the object, from its own managedFields entries (the API server
 * stamps an entry's time whenever that manager's apply changes the object). Status-subresource
 * entries are left out. undefined when the manager never wrote the object or no time parses.
 */
export function lastOwnWriteMs(live: KubeObject, manager: string): number | undefined {
  let latest: number | undefined;
  for (const entry of live.metadata.managedFields ?? []) {
    if (entry.manager !== manager || entry.subresource) continue;
    const time = Date.parse(entry.time ?? '');
    if (!Number.isNaN(time)) latest = Math.max(latest ?? time, time);
  }
  return latest;
}
