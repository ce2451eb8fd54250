import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { PolicyRule } from '../../../hack/rbac/policy-rules.js';
import { repoRoot } from '../../support/paths.js';
import { allows, readObject, readYaml, yamlFiles } from './support.js';

interface Container {
  name: string;
  args?: string[];
  env?: { name: string; valueFrom?: { fieldRef?: { fieldPath: string } } }[];
  ports?: { name: string; containerPort: number }[];
  livenessProbe?: { httpGet?: { path: string; port: string | number } };
  readinessProbe?: { httpGet?: { path: string; port: string | number } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: Record<string, unknown>;
}
interface PodSpec {
  serviceAccountName?: string;
  securityContext?: Record<string, unknown>;
  containers: Container[];
}

const deployment = readObject('manifests/base/deployment.yaml');
const template = (
  deployment.spec as { template: { metadata: { labels: Record<string, string> }; spec: PodSpec } }
).template;
const container = template.spec.containers[0] as Container;
const portNumber = (name: string | number | undefined) =>
  typeof name === 'number' ? name : container.ports?.find((p) => p.name === name)?.containerPort;

describe('the kustomize manifests', () => {
  it.each(yamlFiles())('%s parses as YAML with every document a Kubernetes object', (file) => {
    const docs = readYaml(file) as { apiVersion?: unknown; kind?: unknown }[];

    expect(docs.length).toBeGreaterThan(0);
    for (const doc of docs) expect([typeof doc.apiVersion, typeof doc.kind]).toEqual(['string', 'string']);
  });

  it.each(yamlFiles().filter((f) => f.endsWith('kustomization.yaml')))(
    '%s refers only to files and directories that exist',
    (file) => {
      const k = readObject(file) as unknown as {
        resources?: string[];
        components?: string[];
        configMapGenerator?: { files: string[] }[];
      };
      const refs = [
        ...(k.resources ?? []),
        ...(k.components ?? []),
        ...(k.configMapGenerator ?? []).flatMap((g) => g.files),
      ];

      const missing = refs.filter((ref) => !existsSync(path.join(repoRoot, path.dirname(file), ref)));

      expect(refs.length).toBeGreaterThan(0);
      expect(missing).toEqual([]);
    },
  );

  it.each([
    ['openshift', 'openshift-cnv'],
    ['kubernetes', 'virt-platform-autopilot'],
  ])('the %s overlay installs into %s', (overlay, namespace) => {
    const k = readObject(`manifests/overlays/${overlay}/kustomization.yaml`) as unknown as {
      namespace: string;
    };

    expect(k.namespace).toBe(namespace);
  });
});

describe('the Deployment', () => {
  it('runs the operator with leader election under the names the SPEC fixes', () => {
    expect(deployment.metadata.name).toBe('virt-platform-autopilot');
    expect(template.metadata.labels.app).toBe('virt-platform-autopilot');
    expect(container.name).toBe('virt-platform-autopilot');
    expect(container.args).toEqual(['run', '--leader-elect']);
    expect(template.spec.serviceAccountName).toBe('virt-platform-autopilot');
  });

  it('hands the pod namespace and name to the operator through the downward API', () => {
    const fromField = Object.fromEntries(
      (container.env ?? []).map((e) => [e.name, e.valueFrom?.fieldRef?.fieldPath]),
    );

    expect(fromField).toMatchObject({ POD_NAMESPACE: 'metadata.namespace', POD_NAME: 'metadata.name' });
  });

  it('probes /healthz and /readyz on 8082 and exposes metrics on 8080', () => {
    expect(container.livenessProbe?.httpGet?.path).toBe('/healthz');
    expect(container.readinessProbe?.httpGet?.path).toBe('/readyz');
    expect(portNumber(container.livenessProbe?.httpGet?.port)).toBe(8082);
    expect(portNumber(container.readinessProbe?.httpGet?.port)).toBe(8082);
    expect(portNumber('metrics')).toBe(8080);
  });

  it('sets resource requests and limits', () => {
    expect(container.resources).toEqual({
      requests: { cpu: '50m', memory: '96Mi' },
      limits: { cpu: '500m', memory: '128Mi' },
    });
  });

  it('runs with the restricted security context', () => {
    expect(container.securityContext).toMatchObject({
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(template.spec.securityContext).toMatchObject({ runAsNonRoot: true });
    expect(container.securityContext).not.toHaveProperty('privileged', true);
  });
});

describe('the metrics Service', () => {
  it('selects the operator pods and serves port 8080 named metrics', () => {
    const service = readObject('manifests/base/metrics-service.yaml');
    const spec = service.spec as {
      selector: Record<string, string>;
      ports: { name: string; port: number }[];
    };

    expect(service.metadata.name).toBe('virt-platform-autopilot-metrics');
    expect(spec.selector).toEqual({ app: template.metadata.labels.app });
    expect(spec.ports).toContainEqual(expect.objectContaining({ name: 'metrics', port: 8080 }));
  });
});

describe('the namespaced Role', () => {
  const rules = (readObject('manifests/base/rbac/role.yaml') as unknown as { rules: PolicyRule[] }).rules;

  it.each([
    ['create', undefined],
    ['get', 'virt-platform-autopilot'],
    ['update', 'virt-platform-autopilot'],
  ])('allows %s on the leader-election Lease', (verb, name) => {
    expect(
      allows(rules, { group: 'coordination.k8s.io', resource: 'leases', verb, ...(name ? { name } : {}) }),
    ).toBe(true);
  });

  it('allows no other Lease to be taken over', () => {
    expect(
      allows(rules, { group: 'coordination.k8s.io', resource: 'leases', verb: 'update', name: 'other' }),
    ).toBe(false);
  });

  it.each(['create', 'patch'])('allows %s on Events', (verb) => {
    expect(allows(rules, { group: 'events.k8s.io', resource: 'events', verb })).toBe(true);
  });
});
