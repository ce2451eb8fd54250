import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { loadKubeConfig, NodeKubeClient } from '../../../operator/kube/node-client.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import { eventually, hco } from '../../support/cluster.js';
import { ControlPlane } from '../../support/control-plane/control-plane.js';
import { installCrds, readCrds } from '../../support/control-plane/crds.js';
import { metricValue, startOperator, type RunningOperator } from '../../support/operator.js';
import { crdDir, localCrdDir, repoRoot } from '../../support/paths.js';

const NS = 'openshift-cnv';
const DESCHEDULER = {
  apiVersion: 'operator.openshift.io/v1',
  kind: 'KubeDescheduler',
  name: 'cluster',
  namespace: 'openshift-kube-descheduler-operator',
};
const SERIES = { kind: 'KubeDescheduler', name: 'cluster', namespace: DESCHEDULER.namespace };
const CRD_NAME = 'kubedeschedulers.operator.openshift.io';

/** A published KubeDescheduler CRD of an older operator release (tests/fixtures/crd-versions). */
function olderCrd(release: string): KubeObject {
  const file = path.join(
    repoRoot,
    'tests',
    'fixtures',
    'crd-versions',
    'kube-descheduler-operator',
    `${release}.yaml`,
  );
  return parse(readFileSync(file, 'utf8')) as KubeObject;
}

const specOf = (obj: KubeObject | undefined): Record<string, unknown> =>
  (obj?.spec ?? {}) as Record<string, unknown>;

/**
 * The KubeDescheduler profile follows the served CRD: the operator reads the enum of
 * spec.profiles from the CRD informer, picks the best profile the installed descheduler operator
 * accepts, re-renders when the CRD changes, and skips the asset with the reason when none fits.
 */
describe('lifecycle: the KubeDescheduler profile follows the descheduler operator version', () => {
  let plane: ControlPlane;
  let client: NodeKubeClient;
  let op: RunningOperator;
  const current = readCrds(crdDir).find((c) => c.metadata.name === CRD_NAME) as KubeObject;
  // Server-Side Apply by the same manager: what the new version leaves out (enum values) goes.
  const replaceCrd = (crd: KubeObject): Promise<void> => installCrds(client, [structuredClone(crd)]);
  const profiles = async (): Promise<unknown> => specOf(await client.get(DESCHEDULER)).profiles;

  beforeAll(async () => {
    plane = new ControlPlane();
    await plane.start();
    client = new NodeKubeClient(loadKubeConfig(plane.kubeconfigPath));
    const crds = [...readCrds(crdDir), ...readCrds(localCrdDir)].filter((c) => c.metadata.name !== CRD_NAME);
    await installCrds(client, [...crds, olderCrd('release-4.17')]);
    for (const name of [NS, DESCHEDULER.namespace]) {
      await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    }
    await client.create(
      hco(NS, {
        'platform.kubevirt.io/autopilot': 'descheduler-loadaware',
        'platform.kubevirt.io/enable-load-aware-descheduler': 'true',
      }),
    );
    op = await startOperator({ namespace: NS, kubeconfig: plane.kubeconfigPath });
  });

  afterAll(async () => {
    await op?.stop();
    client?.close();
    await plane?.stop();
  });

  it('applies LongLifecycle with evictions in background where the CRD (4.17) has no KubeVirt profile', async () => {
    const live = await eventually(async () => client.get(DESCHEDULER), { what: 'KubeDescheduler cluster' });

    expect(specOf(live).profiles).toEqual(['LongLifecycle']);
    expect(specOf(live).profileCustomizations).toMatchObject({ devEnableEvictionsInBackground: true });
    await eventually(
      async () => metricValue(await op.scrape(), 'virt_platform_compliance_status', SERIES) === 1,
      { what: 'compliance 1' },
    );
  });

  it('moves to the KubeVirt profile when the descheduler operator is upgraded, without a restart', async () => {
    await replaceCrd(current);

    await eventually(async () => JSON.stringify(await profiles()) === '["KubeVirtRelieveAndMigrate"]', {
      timeoutMs: 60_000,
      what: 'profiles [KubeVirtRelieveAndMigrate]',
    });
    expect(specOf(await client.get(DESCHEDULER)).profileCustomizations).toBeUndefined();
  });

  it('skips the asset with the reason where no profile fits (4.14), instead of a failing apply', async () => {
    await replaceCrd(olderCrd('release-4.14'));

    await eventually(
      async () => metricValue(await op.scrape(), 'virt_platform_compliance_status', SERIES) === undefined,
      { timeoutMs: 60_000, what: 'the compliance series removed (not applicable)' },
    );
    const report = (await (await fetch(`${op.debugUrl}/debug/render/descheduler-loadaware`)).json()) as {
      included: boolean;
      cause?: string;
      reason?: string;
    };
    expect(report).toMatchObject({ included: false, cause: 'not-applicable' });
    expect(report.reason).toContain('accepts none of the profiles KubeVirtRelieveAndMigrate');
    expect(op.logs.some((l) => l.includes('failed to apply'))).toBe(false);
  });
});
