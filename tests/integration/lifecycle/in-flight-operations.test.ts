import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadKubeConfig, NodeKubeClient } from '../../../operator/kube/node-client.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import { eventually, hco } from '../../support/cluster.js';
import { ControlPlane } from '../../support/control-plane/control-plane.js';
import { installCrds, readCrds } from '../../support/control-plane/crds.js';
import { metricValue, startOperator, type RunningOperator } from '../../support/operator.js';
import { crdDir, localCrdDir } from '../../support/paths.js';
import { realCatalog } from '../../unit/assets/support/fixtures.js';

const NS = 'openshift-cnv';
const SWITCH = 'platform.kubevirt.io/enable-in-flight-operations';
const RULE_SET = { group: 'ifo.kubevirt.io', version: 'v1alpha1', kind: 'OperationRuleSet' };
const ruleSetNames = realCatalog()
  .assets.filter((a) => a.component === 'OperationRuleSet')
  .map((a) => a.params.ruleSet as string);

/**
 * The in-flight operation rule sets are a soft dependency on the OperationRuleSet kind and opt-in:
 * reported missing only once switched on, applied when the CRD appears, without a restart.
 */
describe('lifecycle: in-flight operation rule sets wait for their switch and their kind', () => {
  let plane: ControlPlane;
  let client: NodeKubeClient;
  let op: RunningOperator;
  const crds = [...readCrds(crdDir), ...readCrds(localCrdDir)];
  const ruleSetCrd = crds.find((c) => c.metadata.name === 'operationrulesets.ifo.kubevirt.io') as KubeObject;
  const missing = async () => metricValue(await op.scrape(), 'virt_platform_missing_dependency', RULE_SET);
  const liveRuleSets = async (): Promise<string[]> => {
    client.invalidateDiscovery();
    return (await client.list(RULE_SET)).items.map((o) => o.metadata.name ?? '');
  };

  beforeAll(async () => {
    plane = new ControlPlane();
    await plane.start();
    client = new NodeKubeClient(loadKubeConfig(plane.kubeconfigPath));
    await installCrds(
      client,
      crds.filter((c) => c !== ruleSetCrd),
    );
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
    await client.create(
      hco(NS, { 'platform.kubevirt.io/autopilot': 'metrics-service,in-flight-operations' }),
    );
    op = await startOperator({ namespace: NS, kubeconfig: plane.kubeconfigPath });
  });

  afterAll(async () => {
    await op?.stop();
    client?.close();
    await plane?.stop();
  });

  it('does not report the kind missing while the switch is off', async () => {
    await eventually(
      async () =>
        (await metricValue(await op.scrape(), 'virt_platform_compliance_status', {
          kind: 'Service',
          name: 'virt-platform-autopilot-metrics',
          namespace: NS,
        })) === 1,
      { what: 'a first pass' },
    );

    expect(await missing()).toBeUndefined();
  });

  it('reports the OperationRuleSet kind missing once switched on', async () => {
    await client.mergePatch(
      {
        apiVersion: 'hco.kubevirt.io/v1',
        kind: 'HyperConverged',
        name: 'kubevirt-hyperconverged',
        namespace: NS,
      },
      { metadata: { annotations: { [SWITCH]: 'true' } } },
    );

    await eventually(async () => (await missing()) === 1, { what: 'OperationRuleSet missing' });
  });

  it('applies every rule set when the CRD appears, and the metric returns to 0', async () => {
    await installCrds(client, [structuredClone(ruleSetCrd)]);

    await eventually(async () => (await liveRuleSets()).length === ruleSetNames.length, {
      what: `${ruleSetNames.length} OperationRuleSets`,
    });
    expect((await liveRuleSets()).sort()).toEqual([...ruleSetNames].sort());
    await eventually(async () => (await missing()) === 0, { what: 'OperationRuleSet present' });
  });
});
