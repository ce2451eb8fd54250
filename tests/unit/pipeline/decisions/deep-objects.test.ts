import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../../../operator/kube/types.js';
import { compareForDrift, desiredHash } from '../../../../operator/pipeline/decisions/drift.js';
import {
  maskIgnoredFields,
  parseIgnoreFields,
} from '../../../../operator/pipeline/decisions/ignore-fields.js';
import { deployment } from './fixtures.js';

/** The deepest nesting kube-apiserver's JSON decoder accepts is 10,000; spec.config sits two below the root. */
function withDeepConfig(depth: number, leaf: string): KubeObject {
  let config: unknown = leaf;
  for (let i = 0; i < depth; i++) config = { c: config };
  return { ...deployment(), spec: { ...(deployment().spec as object), config } };
}

describe('decisions over objects nested as deep as the API server accepts', () => {
  it('compares a 9,998-level spec.config for drift and names the differing leaf', () => {
    const dryRun = withDeepConfig(9_998, 'ours');
    const live = withDeepConfig(9_998, 'theirs');

    const drift = compareForDrift(dryRun, live);

    expect(drift.drifted).toBe(true);
    expect(drift.paths).toEqual([`/spec/config${'/c'.repeat(9_998)}`]);
    expect(compareForDrift(live, withDeepConfig(9_998, 'theirs')).drifted).toBe(false);
  });

  it('hashes a deep desired object', () => {
    expect(desiredHash(withDeepConfig(9_998, 'a'))).not.toBe(desiredHash(withDeepConfig(9_998, 'b')));
  });

  it('keeps a deep live value of an ignored field', () => {
    const live = withDeepConfig(9_998, 'theirs');
    const path = `spec.config${'.c'.repeat(9_000)}`;

    const masked = maskIgnoredFields({
      desired: withDeepConfig(9_998, 'ours'),
      live,
      paths: parseIgnoreFields(path),
      manager: 'virt-platform-autopilot',
    });

    expect(compareForDrift(masked, live).drifted).toBe(false);
  });
});
