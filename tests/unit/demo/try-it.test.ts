import { describe, expect, it } from '@jest/globals';
import { tryItLines } from '../../../hack/demo/try-it.js';

describe('the try-it lines', () => {
  it('delete the MetalLB CRD while MetalLB is still enabled, so the missing-dependency row shows', () => {
    const lines = tryItLines({
      kubectl: 'kubectl',
      kubeconfig: '/tmp/k',
      namespace: 'openshift-cnv',
      ports: { metrics: 1, health: 2, debug: 3 },
    });
    const at = (pattern: RegExp): number => lines.findIndex((l) => pattern.test(l));
    const deleteCrd = at(/delete crd metallbs\.metallb\.io/);
    expect(deleteCrd).toBeGreaterThan(-1);
    expect(deleteCrd).toBeLessThan(at(/disabled-resources=.*MetalLB/));
    expect(deleteCrd).toBeLessThan(at(/enable-metallb=false/));
  });
});
