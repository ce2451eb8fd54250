import type { GroupVersionKind } from '../kube/types.js';

/** The kind of the one HyperConverged the operator manages. */
export const HCO_GVK: GroupVersionKind = { group: 'hco.kubevirt.io', version: 'v1', kind: 'HyperConverged' };

/** Its fixed name (SPEC §2): any other HyperConverged is not ours. */
export const HCO_NAME = 'kubevirt-hyperconverged';
