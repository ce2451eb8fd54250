import { describe, expect, it } from '@jest/globals';
import { detectTopology } from '../../../operator/assets/topology.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import { nodesFixture } from './support/fixtures.js';

const infrastructure = (status: Record<string, unknown>): KubeObject => ({
  apiVersion: 'config.openshift.io/v1',
  kind: 'Infrastructure',
  metadata: { name: 'cluster' },
  status,
});
const scheduler = (mastersSchedulable: boolean): KubeObject => ({
  apiVersion: 'config.openshift.io/v1',
  kind: 'Scheduler',
  metadata: { name: 'cluster' },
  spec: { mastersSchedulable },
});

describe('topology detection', () => {
  it('gives zero values without nodes or OpenShift config objects', () => {
    expect(detectTopology({ nodes: [] })).toEqual({
      isHCP: false,
      isCompact: false,
      hasSchedulableMasters: false,
      controlPlaneTopology: '',
      cloudProvider: '',
      isBareMetal: false,
      masterCount: 0,
      workerCount: 0,
      totalNodeCount: 0,
    });
  });

  it('counts masters and dedicated workers of a standard cluster', () => {
    const facts = detectTopology({ nodes: nodesFixture('plain-workers') });

    expect(facts).toMatchObject({ masterCount: 3, workerCount: 3, totalNodeCount: 6, isCompact: false });
    expect(facts.hasSchedulableMasters).toBe(false);
  });

  it('recognises a compact cluster, whose masters are schedulable', () => {
    const facts = detectTopology({ nodes: nodesFixture('compact') });

    expect(facts).toMatchObject({ masterCount: 3, workerCount: 0, totalNodeCount: 3, isCompact: true });
    expect(facts.hasSchedulableMasters).toBe(true);
  });

  it('takes schedulable masters from the Scheduler object', () => {
    expect(
      detectTopology({ nodes: nodesFixture('plain-workers'), scheduler: scheduler(true) })
        .hasSchedulableMasters,
    ).toBe(true);
    expect(detectTopology({ nodes: [], scheduler: scheduler(false) }).hasSchedulableMasters).toBe(false);
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    [
      'bare metal',
      { controlPlaneTopology: 'HighlyAvailable', platformStatus: { type: 'BareMetal' } },
      {
        cloudProvider: 'BareMetal',
        isBareMetal: true,
        isHCP: false,
        controlPlaneTopology: 'HighlyAvailable',
      },
    ],
    [
      'a hosted control plane on AWS',
      { controlPlaneTopology: 'External', platformStatus: { type: 'AWS' } },
      { cloudProvider: 'AWS', isBareMetal: false, isHCP: true },
    ],
    [
      'the deprecated status.platform only',
      { platform: 'BareMetal' },
      { cloudProvider: 'BareMetal', isBareMetal: true },
    ],
    ['no platform at all', {}, { cloudProvider: '', isBareMetal: false, isHCP: false }],
  ])('reads the Infrastructure object of %s', (_case, status, expected) => {
    expect(detectTopology({ nodes: [], infrastructure: infrastructure(status) })).toMatchObject(expected);
  });
});
