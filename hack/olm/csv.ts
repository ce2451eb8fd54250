import type { KubeObject } from '../../operator/kube/types.js';

/** What the bundle is generated from: the install manifests and a few release facts. */
export interface BundleInputs {
  version: string;
  /** The operator image (kustomization `images:`), pinned in the CSV and in relatedImages. */
  image: string;
  deployment: KubeObject;
  serviceAccount: string;
  clusterRules: unknown[];
  namespaceRules: unknown[];
  /** Extra images as `RELATED_IMAGE_<NAME>` env of the operator container (name: kebab-case). */
  relatedImages: Readonly<Record<string, string>>;
}

export const PACKAGE = 'virt-platform-autopilot';
export const CHANNEL = 'alpha';

interface Container {
  name: string;
  image?: string;
  env?: { name: string; value?: string }[];
}

/** `kube-rbac-proxy` → `RELATED_IMAGE_KUBE_RBAC_PROXY` (the operator reads it back the other way). */
export const relatedImageEnv = (name: string): string =>
  `RELATED_IMAGE_${name.toUpperCase().replaceAll('-', '_')}`;

function deploymentSpec(inputs: BundleInputs): unknown {
  const spec = structuredClone(inputs.deployment.spec) as {
    template: { spec: { containers: Container[] } };
  };
  const env = Object.entries(inputs.relatedImages)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => ({ name: relatedImageEnv(name), value }));
  spec.template.spec.containers = spec.template.spec.containers.map((c, i) =>
    i === 0 ? { ...c, image: inputs.image, env: [...(c.env ?? []), ...env] } : c,
  );
  return spec;
}

// A plain mark (a gear in a circle) so that catalogs show something; replace with the project logo.
const ICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><circle cx="32" cy="32" r="30" fill="#00797f"/>' +
  '<circle cx="32" cy="32" r="12" fill="none" stroke="#fff" stroke-width="6"/></svg>';

const DESCRIPTION = `Keeps an OpenShift Virtualization cluster's golden platform resources in their desired state:
the HyperConverged CR itself, MachineConfigs, KubeletConfigs, the KubeDescheduler, NodeHealthCheck,
operator CRs and its own monitoring objects. Cluster admins customise any of them with annotations
on the HyperConverged CR (patch, ignore-fields, opt-out); no CRDs, no new API. Install it in the
namespace of the HyperConverged CR (openshift-cnv). The features and their maturity are listed in
docs/features.md of the repository.
`;

/**
 * The ClusterServiceVersion for OLM: the Deployment as shipped (image pinned, RELATED_IMAGE_* env
 * added), the generated ClusterRole and Role rules for its ServiceAccount, no owned or required
 * CRDs (the operator defines no API; the HCO is a soft dependency it waits for), and OwnNamespace
 * install only (it watches the HyperConverged CR in its own namespace). Pure.
 */
export function clusterServiceVersion(inputs: BundleInputs): KubeObject {
  const related = [
    { name: PACKAGE, image: inputs.image },
    ...Object.entries(inputs.relatedImages)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, image]) => ({ name, image })),
  ];
  return {
    apiVersion: 'operators.coreos.com/v1alpha1',
    kind: 'ClusterServiceVersion',
    metadata: {
      name: `${PACKAGE}.v${inputs.version}`,
      annotations: {
        'alm-examples': '[]',
        capabilities: 'Full Lifecycle',
        categories: 'OpenShift Optional',
        containerImage: inputs.image,
        description:
          'Keeps the golden platform resources of an OpenShift Virtualization cluster in their desired state.',
        repository: 'https://github.com/kubevirt/virt-platform-autopilot',
        'operatorframework.io/suggested-namespace': 'openshift-cnv',
      },
    },
    spec: {
      displayName: 'Virt Platform Autopilot',
      description: DESCRIPTION,
      version: inputs.version,
      maturity: CHANNEL,
      // The MachineConfigs declare Ignition 3.5.0, which the Machine Config Operator reads from
      // OpenShift 4.19 (Kubernetes 1.32) on; an older MCO would degrade the pool.
      minKubeVersion: '1.32.0',
      icon: [{ base64data: Buffer.from(ICON_SVG).toString('base64'), mediatype: 'image/svg+xml' }],
      keywords: ['virtualization', 'kubevirt', 'openshift-virtualization', 'golden-configuration'],
      provider: { name: 'KubeVirt project' },
      maintainers: [{ name: 'KubeVirt project', email: 'kubevirt-dev@googlegroups.com' }],
      links: [{ name: 'Source', url: 'https://github.com/kubevirt/virt-platform-autopilot' }],
      installModes: [
        { type: 'OwnNamespace', supported: true },
        { type: 'SingleNamespace', supported: false },
        { type: 'MultiNamespace', supported: false },
        { type: 'AllNamespaces', supported: false },
      ],
      customresourcedefinitions: {},
      install: {
        strategy: 'deployment',
        spec: {
          clusterPermissions: [{ serviceAccountName: inputs.serviceAccount, rules: inputs.clusterRules }],
          permissions: [{ serviceAccountName: inputs.serviceAccount, rules: inputs.namespaceRules }],
          deployments: [
            {
              name: inputs.deployment.metadata.name,
              label: inputs.deployment.metadata.labels ?? {},
              spec: deploymentSpec(inputs),
            },
          ],
        },
      },
      relatedImages: related,
    },
  };
}

/** metadata/annotations.yaml of a registry+v1 bundle. */
export function bundleAnnotations(): Record<string, unknown> {
  return {
    annotations: {
      'operators.operatorframework.io.bundle.mediatype.v1': 'registry+v1',
      'operators.operatorframework.io.bundle.manifests.v1': 'manifests/',
      'operators.operatorframework.io.bundle.metadata.v1': 'metadata/',
      'operators.operatorframework.io.bundle.package.v1': PACKAGE,
      'operators.operatorframework.io.bundle.channels.v1': CHANNEL,
      'operators.operatorframework.io.bundle.channel.default.v1': CHANNEL,
      // OpenShift catalogs: list the bundle only where the MCO reads Ignition 3.5.0.
      'com.redhat.openshift.versions': 'v4.19',
    },
  };
}
