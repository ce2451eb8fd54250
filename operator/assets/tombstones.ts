import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { OperatorError } from '../errors.js';
import type { KubeObject } from '../kube/types.js';

const MANAGED_BY = 'platform.kubevirt.io/managed-by';

export interface Tombstone {
  /** The release directory it came from, e.g. v0.1. */
  release: string;
  file: string;
  object: KubeObject;
}

/**
 * Reads `tombstones/<release>/*.yaml`: stubs of objects earlier releases created and this one
 * removes. Each must name apiVersion, kind, metadata.name and carry the managed-by label, so a
 * typo can never turn into the deletion of someone else's object. Never templated.
 */
export function loadTombstones(templatesDir: string): Tombstone[] {
  const root = path.join(templatesDir, 'tombstones');
  let releases: string[];
  try {
    releases = readdirSync(root).filter((d) => statSync(path.join(root, d)).isDirectory());
  } catch {
    return [];
  }
  const out: Tombstone[] = [];
  for (const release of releases.sort()) {
    for (const file of readdirSync(path.join(root, release))
      .filter((f) => /\.ya?ml$/.test(f))
      .sort()) {
      const full = path.join(root, release, file);
      parseAllDocuments(readFileSync(full, 'utf8')).forEach((doc, i) => {
        const object = doc.toJS({ maxAliasCount: 0 }) as KubeObject | null;
        if (object === null) return;
        validate(object, `tombstones/${release}/${file}#${i}`);
        out.push({ release, file: `tombstones/${release}/${file}`, object });
      });
    }
  }
  return out;
}

function validate(obj: KubeObject, where: string): void {
  if (!obj.apiVersion || !obj.kind || !obj.metadata?.name) {
    throw new OperatorError(`${where}: a tombstone needs apiVersion, kind and metadata.name`);
  }
  if (obj.metadata.labels?.[MANAGED_BY] !== 'virt-platform-autopilot') {
    throw new OperatorError(
      `${where}: a tombstone must carry the label ${MANAGED_BY}=virt-platform-autopilot`,
    );
  }
}
