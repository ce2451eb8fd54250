import { byCodeUnits } from '../compare.js';
import { keyOfObject, type KubeObject } from '../kube/types.js';

/**
 * Labelled objects that no enabled asset renders and no tombstone names. They are reported,
 * never deleted: only a tombstone may delete, and only what it names.
 */
export function findOrphans(input: {
  labelled: readonly KubeObject[];
  rendered: ReadonlySet<string>;
  tombstoned: ReadonlySet<string>;
}): KubeObject[] {
  return input.labelled
    .filter((o) => !input.rendered.has(keyOfObject(o)) && !input.tombstoned.has(keyOfObject(o)))
    .sort((a, b) => byCodeUnits(keyOfObject(a), keyOfObject(b)));
}
