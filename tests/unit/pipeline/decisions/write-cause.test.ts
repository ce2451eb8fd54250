import { describe, expect, it } from '@jest/globals';
import type { KubeObject, ManagedFieldsEntry } from '../../../../operator/kube/types.js';
import { classifyWrite, type WriteCause } from '../../../../operator/pipeline/decisions/write-cause.js';

const SELF = 'virt-platform-autopilot';

function live(managedFields: ManagedFieldsEntry[]): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'svc', namespace: 'ns', managedFields },
    spec: { selector: { app: 'x' }, sessionAffinity: 'None', type: 'ClusterIP' },
  };
}

const ours: ManagedFieldsEntry = {
  manager: SELF,
  operation: 'Apply',
  fieldsV1: { 'f:spec': { 'f:selector': {}, 'f:sessionAffinity': {} } },
};
const kubectlEdit: ManagedFieldsEntry = {
  manager: 'kubectl-edit',
  operation: 'Update',
  fieldsV1: { 'f:spec': { 'f:type': {} } },
};

const cases: [string, Parameters<typeof classifyWrite>[0], WriteCause][] = [
  [
    'no live object: a create',
    { live: undefined, driftPaths: [], customisedPaths: [], desiredChanged: undefined, manager: SELF },
    { cause: 'create' },
  ],
  [
    'a live object the autopilot never applied (the HCO on first install): an adoption',
    {
      live: live([kubectlEdit]),
      driftPaths: ['/spec/type'],
      customisedPaths: [],
      desiredChanged: undefined,
      manager: SELF,
    },
    { cause: 'adopt' },
  ],
  [
    'a drifted field another manager owns: foreign drift naming that manager',
    {
      live: live([ours, kubectlEdit]),
      driftPaths: ['/spec/type'],
      customisedPaths: [],
      desiredChanged: false,
      manager: SELF,
    },
    { cause: 'foreign-drift', managers: ['kubectl-edit'], paths: ['spec.type'] },
  ],
  [
    'a drifted field the patch annotation sets: the customisation applied',
    {
      live: live([ours, kubectlEdit]),
      driftPaths: ['/spec/sessionAffinity'],
      customisedPaths: ['/spec/sessionAffinity'],
      desiredChanged: true,
      manager: SELF,
    },
    { cause: 'customization', paths: ['spec.sessionAffinity'] },
  ],
  [
    'a drifted field only the autopilot owns: its desired state changed (even after a restart)',
    {
      live: live([ours, kubectlEdit]),
      driftPaths: ['/spec/selector/app'],
      customisedPaths: [],
      desiredChanged: undefined,
      manager: SELF,
    },
    { cause: 'desired-changed', paths: ['spec.selector.app'] },
  ],
  [
    'a field nobody owns while the desired state is unchanged: removed by an unknown writer',
    {
      live: live([ours]),
      driftPaths: ['/spec/ports'],
      customisedPaths: [],
      desiredChanged: false,
      manager: SELF,
    },
    { cause: 'foreign-drift', managers: [], paths: ['spec.ports'] },
  ],
  [
    'a field nobody owns after the desired state changed: added by the autopilot',
    {
      live: live([ours]),
      driftPaths: ['/spec/ports'],
      customisedPaths: [],
      desiredChanged: true,
      manager: SELF,
    },
    { cause: 'desired-changed', paths: ['spec.ports'] },
  ],
  [
    'foreign drift and a customisation together: the foreign drift is what the Event names',
    {
      live: live([ours, kubectlEdit]),
      driftPaths: ['/spec/sessionAffinity', '/spec/type'],
      customisedPaths: ['/spec/sessionAffinity'],
      desiredChanged: true,
      manager: SELF,
    },
    { cause: 'foreign-drift', managers: ['kubectl-edit'], paths: ['spec.type'] },
  ],
];

describe('classifyWrite', () => {
  it.each(cases)('%s', (_name, input, expected) => {
    expect(classifyWrite(input)).toEqual(expected);
  });
});
