import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadKubeConfig, NodeKubeClient } from '../../../operator/kube/node-client.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import { eventually, hco } from '../../support/cluster.js';
import { ControlPlane } from '../../support/control-plane/control-plane.js';
import { installCrds, readCrds } from '../../support/control-plane/crds.js';
import { startOperator, waitForCompliance, type RunningOperator } from '../../support/operator.js';
import { crdDir, localCrdDir } from '../../support/paths.js';
import {
  prometheusAvailable,
  startPrometheus,
  type Alert,
  type RunningPrometheus,
} from '../../support/prometheus.js';

const NS = 'openshift-cnv';
const METALLB_NS = 'metallb-system';
const SERVICE = 'virt-platform-autopilot-metrics';
const RULE = 'virt-platform-autopilot-alerts';
/** The shipped ThrashingDetected rule looks back 10 minutes; resolving takes that long after the war. */
const THRASHING_WINDOW_MS = 10 * 60_000;

if (!prometheusAvailable()) {
  console.warn('prometheus is not on PATH: the real-Prometheus alert test is SKIPPED (CI installs it).');
}
const describeWithPrometheus = prometheusAvailable() ? describe : describe.skip;

/**
 * The shipped alert rules, as the operator applies them in its PrometheusRule, evaluated by a real
 * Prometheus that scrapes the real operator on a local control plane (its own: a CRD is missing).
 */
describeWithPrometheus('the shipped alerts in a real Prometheus scraping the operator', () => {
  let plane: ControlPlane;
  let client: NodeKubeClient;
  let op: RunningOperator;
  let prometheus: RunningPrometheus;
  const ref = (apiVersion: string, kind: string, name: string) => ({ apiVersion, kind, name, namespace: NS });
  const service = () => ref('v1', 'Service', SERVICE);
  const annotate = (
    target: ReturnType<typeof ref>,
    annotations: Record<string, string>,
  ): Promise<KubeObject> =>
    client.mergePatch(target, { metadata: { annotations } }, { fieldManager: 'kubectl-annotate' });
  const alert = async (name: string, labels: Record<string, string> = {}): Promise<Alert | undefined> =>
    (await prometheus.alerts()).find(
      (a) => a.labels.alertname === name && Object.entries(labels).every(([k, v]) => a.labels[k] === v),
    );
  const waitForAlert = (name: string, labels: Record<string, string>, state: Alert['state']) =>
    eventually(async () => (await alert(name, labels))?.state === state && (await alert(name, labels)), {
      timeoutMs: 120_000,
      intervalMs: 500,
      what: `${name} ${JSON.stringify(labels)} ${state} in /api/v1/alerts`,
    });

  beforeAll(async () => {
    plane = new ControlPlane();
    await plane.start();
    client = new NodeKubeClient(loadKubeConfig(plane.kubeconfigPath), { userAgent: 'autopilot-tests' });
    // No NodeHealthCheck CRD: the always-on node-health-check asset misses its dependency.
    const crds = [...readCrds(crdDir), ...readCrds(localCrdDir)];
    await installCrds(
      client,
      crds.filter((c) => !String(c.metadata.name).startsWith('nodehealthchecks.')),
    );
    for (const name of [NS, METALLB_NS]) {
      await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    }
    // A cluster-scoped object (the swap MachineConfig) and one in another namespace (MetalLB) show
    // which namespace label their series get.
    await client.create(
      hco(NS, {
        'platform.kubevirt.io/autopilot': 'observability,node-health-check,swap-enable,metallb-operator',
        'platform.kubevirt.io/enable-metallb': 'true',
      }),
    );
    op = await startOperator({
      namespace: NS,
      kubeconfig: plane.kubeconfigPath,
      flags: ['--throttle-burst=1', '--throttle-refill-per-minute=60'],
    });
    await waitForCompliance(op, { kind: 'Service', name: SERVICE, namespace: NS }, 1);
    const rule = await eventually(
      async () => client.get(ref('monitoring.coreos.com/v1', 'PrometheusRule', RULE)),
      { what: 'the PrometheusRule the operator applies' },
    );
    const groups = (rule.spec as { groups: unknown[] }).groups;
    // Scraped as the Prometheus Operator scrapes it: with the ServiceMonitor the operator applied.
    const serviceMonitor = await eventually(
      async () => client.get(ref('monitoring.coreos.com/v1', 'ServiceMonitor', SERVICE)),
      { what: 'the ServiceMonitor the operator applies' },
    );
    prometheus = await startPrometheus({
      target: op.metricsUrl.replace('http://', ''),
      groups,
      serviceMonitor,
    });
  }, 180_000);
  afterAll(async () => {
    await prometheus?.stop();
    await op?.stop();
    client?.close();
    await plane?.stop();
  });

  it('loads the rendered rule groups unchanged: every alert with its shipped `for`', async () => {
    const body = (await (await fetch(`${prometheus.url}/api/v1/rules`)).json()) as {
      data: { groups: { rules: { name: string; duration: number }[] }[] };
    };
    const rules = body.data.groups.flatMap((g) => g.rules.map((r) => [r.name, r.duration]));

    expect(Object.fromEntries(rules)).toEqual({
      VirtPlatformSyncFailed: 900,
      VirtPlatformThrashingDetected: 0,
      VirtPlatformDependencyMissing: 300,
      VirtPlatformNodeTuningsWaiting: 21_600,
    });
  });

  it("keeps each series' object namespace: none for a cluster-scoped object, never exported_namespace", async () => {
    const compliance = await eventually(
      async () => {
        const found = await prometheus.series('virt_platform_compliance_status');
        const kinds = new Set(found.map((m) => m.kind));
        return kinds.has('MachineConfig') && kinds.has('MetalLB') && found;
      },
      { what: 'compliance series of the MachineConfig and the MetalLB in Prometheus' },
    );
    const of = (kind: string) => compliance.find((m) => m.kind === kind) ?? {};

    expect(of('MachineConfig')).not.toHaveProperty('namespace');
    expect(of('MetalLB')).toMatchObject({ namespace: METALLB_NS, service: SERVICE });
    expect(of('ServiceMonitor')).toMatchObject({ namespace: NS });
    expect(compliance.filter((m) => 'exported_namespace' in m)).toEqual([]);
  });

  it('has VirtPlatformDependencyMissing pending while the NodeHealthCheck CRD is missing', async () => {
    const pending = await waitForAlert(
      'VirtPlatformDependencyMissing',
      { kind: 'NodeHealthCheck', group: 'remediation.medik8s.io' },
      'pending',
    );

    expect(pending.labels).toMatchObject({ severity: 'warning', operator: 'virt-platform-autopilot' });
  });

  it('has VirtPlatformSyncFailed pending for a held object', async () => {
    await annotate(ref('monitoring.coreos.com/v1', 'ServiceMonitor', SERVICE), {
      'platform.kubevirt.io/patch': '[{"op":"remove","path":"/metadata/name"}]',
    });

    const pending = await waitForAlert(
      'VirtPlatformSyncFailed',
      { kind: 'ServiceMonitor', name: SERVICE },
      'pending',
    );

    expect(pending.labels).toMatchObject({ severity: 'critical', namespace: NS });
  });

  it(
    'fires VirtPlatformThrashingDetected during an edit war, and resolves it after mode: unmanaged',
    async () => {
      let round = 0;
      const firing = await eventually(
        async () => {
          const svc = (await client.get(service())) as KubeObject;
          (svc.spec as { selector: Record<string, string> }).selector.app = `rival-${round++}`;
          await client.replace(svc, { fieldManager: 'hpa-controller' }).catch(() => undefined); // a 409: raced the operator
          const found = await alert('VirtPlatformThrashingDetected', { kind: 'Service', name: SERVICE });
          return found?.state === 'firing' && found;
        },
        { timeoutMs: 180_000, intervalMs: 250, what: 'VirtPlatformThrashingDetected firing during the war' },
      );
      await annotate(service(), { 'platform.kubevirt.io/mode': 'unmanaged' });

      await eventually(async () => (await alert('VirtPlatformThrashingDetected')) === undefined, {
        timeoutMs: THRASHING_WINDOW_MS + 120_000,
        intervalMs: 2_000,
        what: 'VirtPlatformThrashingDetected to resolve after mode: unmanaged',
      });

      expect(firing.labels).toMatchObject({ severity: 'warning', namespace: NS });
      expect(Number(firing.value)).toBeGreaterThan(5);
    },
    THRASHING_WINDOW_MS + 420_000,
  );
});
