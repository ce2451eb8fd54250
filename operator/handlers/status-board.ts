import { byCodeUnits } from '../compare.js';
import type { KubeObject } from '../kube/types.js';

export interface AssetStatus {
  asset: string;
  outcome: string;
  reason?: string;
  object?: { kind: string; name: string; namespace?: string };
  at: string;
}

export interface TombstoneStatus {
  kind: string;
  name: string;
  namespace?: string;
  release: string;
  status: 'deleted' | 'absent' | 'skipped' | 'failed';
  reason?: string;
}

/** The latest outcome per asset, tombstone and orphan: read by the debug endpoints and the demo. */
export class StatusBoard {
  private readonly assets = new Map<string, AssetStatus>();
  private tombstoneList: TombstoneStatus[] = [];
  private orphanList: KubeObject[] = [];

  setAsset(status: AssetStatus): void {
    this.assets.set(status.asset, status);
  }

  assetStatuses(): AssetStatus[] {
    return [...this.assets.values()].sort((a, b) => byCodeUnits(a.asset, b.asset));
  }

  setTombstones(list: TombstoneStatus[]): void {
    this.tombstoneList = list;
  }

  tombstones(): TombstoneStatus[] {
    return this.tombstoneList;
  }

  setOrphans(list: KubeObject[]): void {
    this.orphanList = list;
  }

  orphans(): { kind: string; name: string; namespace?: string }[] {
    return this.orphanList.map((o) => ({
      kind: o.kind,
      name: o.metadata.name ?? '',
      ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
    }));
  }
}
