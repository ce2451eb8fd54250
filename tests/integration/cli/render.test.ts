import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { loadKubeConfig, NodeKubeClient } from '../../../operator/kube/node-client.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import type { AssetReport } from '../../../operator/render/report.js';
import { loadCatalog } from '../../../operator/assets/catalog.js';
import { adminClient, createNamespace, hco, kubeconfigPath } from '../../support/cluster.js';
import { ControlPlane } from '../../support/control-plane/control-plane.js';
import { installCrds, readCrds } from '../../support/control-plane/crds.js';
import { crdDir, repoRoot } from '../../support/paths.js';
import { fixture, runBin, tempFile } from './run-cli.js';

const included = (reports: AssetReport[]): string[] => reports.filter((r) => r.included).map((r) => r.asset);

describe('virt-platform-autopilot render (offline)', () => {
  const optIns = [
    'thp-tuning',
    'ksm-zero-only',
    'vm-drain-shutdown-inhibitor',
    'psi-enable',
    'ksm-cluster-monitoring',
    'mtv-operator',
    'metallb-operator',
    'observability-ui-plugin',
    'troubleshooting-panel-ui-plugin',
    'sbr-detection-config',
    'descheduler-loadaware',
    'descheduler-dashboard',
    'logging-collector-service-account',
    'logging-collector-application',
    'logging-collector-infrastructure',
    'logging-collector-writer',
    'logging-collector-audit',
    'logging-lokistack',
    'logging-forwarder',
    'logging-ui-plugin',
  ];
  const hardwareGated = ['numa', 'pci-passthrough', 'vfio-device-assignment'];
  // Control-plane nodes run no workloads on these node fixtures: no node tuning targets the master pool.
  const masterPool = [
    ...hardwareGated,
    'thp-tuning',
    'ksm-zero-only',
    'vm-drain-shutdown-inhibitor',
    'psi-enable',
  ]
    .map((n) => `${n}-master`)
    .concat('swap-enable-master', 'kubelet-tunings-master');

  const catalog = loadCatalog(path.join(repoRoot, 'templates'));
  const group = (name: string): string[] => catalog.assets.filter((a) => a.group === name).map((a) => a.name);
  // Only fully-opted-in opts into the rule sets; no case sets RELATED_IMAGE_*, so the exporter stays out.
  const ruleSets = group('in-flight-operations');
  const exporter = group('kubevirt-metrics-exporter');

  it.each<[string, string, string[]]>([
    ['minimal', 'plain-workers', [...optIns, ...ruleSets, ...exporter, ...hardwareGated, ...masterPool]],
    ['fully-opted-in', 'plain-workers', [...exporter, ...hardwareGated, ...masterPool]],
    ['fully-opted-in', 'all-hardware', [...exporter, ...masterPool]],
    [
      'bad-values',
      'all-hardware',
      [
        ...ruleSets,
        ...exporter,
        // bad-values opts into logging without audit logging, and its LokiStack is held (storage type).
        ...optIns.filter((n) => !n.startsWith('logging-') || n === 'logging-collector-audit'),
        'logging-lokistack',
        'numa',
        'pci-passthrough',
        'hco-golden-config',
        'vfio-device-assignment',
        ...masterPool,
      ],
    ],
  ])(
    'renders the %s HCO on %s nodes, excluding exactly the expected assets',
    async (hcoName, nodes, excluded) => {
      const result = await runBin([
        'render',
        `--hco-file=${fixture('hco', `${hcoName}.yaml`)}`,
        `--nodes-file=${fixture('nodes', `${nodes}.yaml`)}`,
        '--output=json',
      ]);

      const reports = JSON.parse(result.stdout) as AssetReport[];
      expect(result.code).toBe(0);
      expect(reports).toHaveLength(catalog.assets.length);
      expect(catalog.assets).toHaveLength(93);
      expect(
        reports
          .filter((r) => !r.included)
          .map((r) => r.asset)
          .sort(),
      ).toEqual([...excluded].sort());
    },
  );

  it('writes a YAML stream of exactly the included objects, with ownership marks (none on a shared object)', async () => {
    const args = [
      `--hco-file=${fixture('hco', 'fully-opted-in.yaml')}`,
      `--nodes-file=${fixture('nodes', 'all-hardware.yaml')}`,
    ];
    const [yaml, json] = await Promise.all([
      runBin(['render', ...args, '--output=yaml']),
      runBin(['render', ...args, '--output=json']),
    ]);

    const docs = parseAllDocuments(yaml.stdout);
    expect(yaml.code).toBe(0);
    expect(docs.flatMap((d) => d.errors)).toEqual([]);
    const objects = docs.map((d) => d.toJS() as KubeObject);
    expect(objects).toEqual(
      (JSON.parse(json.stdout) as AssetReport[]).filter((r) => r.included).map((r) => r.object),
    );
    // The cluster MachineConfiguration is shared: the autopilot never marks it as its own.
    expect(
      objects
        .filter((o) => o.kind !== 'MachineConfiguration')
        .every((o) => o.metadata.labels?.['platform.kubevirt.io/managed-by'] === 'virt-platform-autopilot'),
    ).toBe(true);
  });

  it('prints the status table by default', async () => {
    const result = await runBin(['render', `--hco-file=${fixture('hco', 'minimal.yaml')}`]);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ASSET\s+TIER\s+INSTALL\s+KIND\/NAME\s+STATUS\s+REASON\n/);
    expect(result.stdout).toMatch(
      /\nswap-enable-master\s+always-on\s+always\s+MachineConfig\s+excluded\s+conditions: topology hasSchedulableMasters is false\n/,
    );
  });

  it.each<[string, () => string, RegExp]>([
    [
      'a file that does not exist',
      () => '/nonexistent/hco.yaml',
      /: \/nonexistent\/hco\.yaml: cannot read: ENOENT/,
    ],
    [
      'a file that is not YAML',
      () => tempFile('broken.yaml', 'spec: [\n'),
      /broken\.yaml: not valid YAML or JSON: /,
    ],
    [
      'a file that is not a HyperConverged',
      () => fixture('nodes', 'compact.yaml'),
      /compact\.yaml: holds 3 objects \(Node\); expected exactly one HyperConverged/,
    ],
  ])('exits 2 and names the file for %s', async (_case, file, message) => {
    const result = await runBin(['render', `--hco-file=${file()}`]);

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
  });
});

describe('virt-platform-autopilot render --kubeconfig', () => {
  let client: NodeKubeClient;
  let ns: string;
  const annotations = {
    'platform.kubevirt.io/enable-mtv': 'true',
    'platform.kubevirt.io/disabled-resources': 'KubeletConfig/*',
  };

  beforeAll(async () => {
    client = adminClient();
    ns = await createNamespace(client, 'render');
    await client.create(hco(ns, annotations));
    // The operator skips a namespaced asset whose namespace is missing, and so does render.
    await client
      .create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'openshift-mtv' } })
      .catch((err: unknown) => {
        if (!String(err).includes('409') && !String(err).includes('already exists')) throw err;
      });
  });
  afterAll(() => client.close());

  it('renders from the HCO on the cluster exactly what an offline render of it gives', async () => {
    const live = (await client.get({
      apiVersion: 'hco.kubevirt.io/v1',
      kind: 'HyperConverged',
      name: 'kubevirt-hyperconverged',
      namespace: ns,
    })) as KubeObject;
    const file = tempFile('live-hco.yaml', stringify(live));

    const [fromCluster, offline] = await Promise.all([
      runBin(['render', `--kubeconfig=${kubeconfigPath()}`, `--namespace=${ns}`, '--output=json']),
      runBin(['render', `--hco-file=${file}`, '--output=json']),
    ]);

    const reports = JSON.parse(fromCluster.stdout) as AssetReport[];
    expect(fromCluster.code).toBe(0);
    expect(reports).toEqual(JSON.parse(offline.stdout));
    expect(reports.find((r) => r.asset === 'mtv-operator')).toMatchObject({
      included: true,
      namespace: 'openshift-mtv',
    });
    expect(reports.find((r) => r.asset === 'kubelet-tunings')?.cause).toBe('disabled-resources');
  });

  it('exits 2 naming the namespace when it holds no HCO', async () => {
    const result = await runBin([
      'render',
      `--kubeconfig=${kubeconfigPath()}`,
      '--namespace=no-such-namespace',
    ]);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no HyperConverged kubevirt-hyperconverged in namespace no-such-namespace/);
  });
});

describe('virt-platform-autopilot render --kubeconfig on a cluster without the optional CRDs', () => {
  const plane = new ControlPlane();

  beforeAll(async () => {
    await plane.start();
    const client = new NodeKubeClient(loadKubeConfig(plane.kubeconfigPath));
    await installCrds(
      client,
      readCrds(crdDir).filter((crd) => crd.metadata.name === 'hyperconvergeds.hco.kubevirt.io'),
    );
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'openshift-cnv' } });
    await client.create(hco('openshift-cnv'));
    client.close();
  });
  afterAll(() => plane.stop());

  it('excludes the assets whose kind is not served as missing their CRD', async () => {
    const result = await runBin(['render', `--kubeconfig=${plane.kubeconfigPath}`, '--output=json']);

    const reports = JSON.parse(result.stdout) as AssetReport[];
    expect(result.code).toBe(0);
    expect(included(reports)).toEqual(['hco-golden-config', 'metrics-service']);
    expect(reports.find((r) => r.asset === 'swap-enable')).toMatchObject({
      included: false,
      cause: 'missing-dependency',
      reason: 'MachineConfig.v1.machineconfiguration.openshift.io is not served (CRD missing)',
    });
  });
});
