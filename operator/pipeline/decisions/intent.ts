import { createHash } from 'node:crypto';
import type { KubeObject } from '../../kube/types.js';
import { canonicalJson } from './json.js';

/**
 * The hash of what the autopilot itself wants for an object: the rendered and patched object
 * before masking, plus the ignore-fields list (undefined = none). Live values the mask copies in
 * never enter it, so a foreign edit cannot pass for "our desired state changed".
 */
export function intentHash(unmasked: KubeObject, ignoreFields: string | undefined): string {
  return createHash('sha256')
    .update(canonicalJson({ object: unmasked, ignoreFields: ignoreFields ?? null }))
    .digest('hex');
}
