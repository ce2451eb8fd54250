import { plainHandler } from './resource-handler.js';

/** The CRs that switch on other operators the platform uses (migration toolkit, MetalLB). */
export const operatorCrsHandler = plainHandler('operator-crs', [
  { group: 'forklift.konveyor.io', kind: 'ForkliftController' },
  { group: 'metallb.io', kind: 'MetalLB' },
]);
