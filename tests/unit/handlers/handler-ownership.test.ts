import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import {
  catalogOf,
  CatalogError,
  loadCatalog,
  type AssetDefinition,
} from '../../../operator/assets/catalog.js';
import { assignHandlers, claimsOf, HANDLERS } from '../../../operator/handlers/handler-set.js';
import { plainHandler } from '../../../operator/handlers/resource-handler.js';
import { ASSET } from '../pipeline/steps/support.js';

const catalog = loadCatalog(path.resolve('templates'));

function assetOf(
  component: string,
  apiVersion: string,
  name = `a-${component.toLowerCase()}`,
): AssetDefinition {
  return { ...ASSET, name, component, apiVersion };
}

describe('which handler owns which catalog asset', () => {
  it.each(catalog.assets.map((a) => [a.name, a] as const))(
    'the catalog asset %s is owned by exactly one handler',
    (_name, asset) => {
      const claims = claimsOf(asset);

      expect(claims.map((h) => h.name)).toHaveLength(1);
    },
  );

  it.each([
    ['HyperConverged', 'hco.kubevirt.io/v1', 'hco'],
    ['MachineConfig', 'machineconfiguration.openshift.io/v1', 'node-tunings'],
    ['KubeletConfig', 'machineconfiguration.openshift.io/v1', 'node-tunings'],
    ['KubeDescheduler', 'operator.openshift.io/v1', 'descheduler'],
    ['NodeHealthCheck', 'remediation.medik8s.io/v1alpha1', 'remediation'],
    ['StorageBasedRemediationConfig', 'storage-based-remediation.medik8s.io/v1alpha1', 'remediation'],
    ['ForkliftController', 'forklift.konveyor.io/v1beta1', 'operator-crs'],
    ['MetalLB', 'metallb.io/v1beta1', 'operator-crs'],
    ['Service', 'v1', 'monitoring'],
    ['ServiceMonitor', 'monitoring.coreos.com/v1', 'monitoring'],
    ['PrometheusRule', 'monitoring.coreos.com/v1', 'monitoring'],
    ['ConfigMap', 'v1', 'monitoring'],
    ['UIPlugin', 'observability.openshift.io/v1alpha1', 'console'],
    ['PersesDashboard', 'perses.dev/v1alpha2', 'console'],
    ['ServiceAccount', 'v1', 'access'],
    ['ClusterRoleBinding', 'rbac.authorization.k8s.io/v1', 'access'],
    ['ClusterRole', 'rbac.authorization.k8s.io/v1', 'access'],
    ['LokiStack', 'loki.grafana.com/v1', 'logging'],
    ['ClusterLogForwarder', 'observability.openshift.io/v1', 'logging'],
    ['OperationRuleSet', 'ifo.kubevirt.io/v1alpha1', 'in-flight-operations'],
    ['Namespace', 'v1', 'metrics-exporter'],
    ['DaemonSet', 'apps/v1', 'metrics-exporter'],
    ['SecurityContextConstraints', 'security.openshift.io/v1', 'metrics-exporter'],
    ['RoleBinding', 'rbac.authorization.k8s.io/v1', 'access'],
    ['PodMonitor', 'monitoring.coreos.com/v1', 'monitoring'],
    ['PersesDatasource', 'perses.dev/v1alpha2', 'console'],
  ])('a %s (%s) is decided by the %s handler', (component, apiVersion, handler) => {
    const claims = claimsOf(assetOf(component, apiVersion));

    expect(claims.map((h) => h.name)).toEqual([handler]);
  });

  it('matches the API group as well as the kind: a MachineConfig of another group is nobody’s', () => {
    const claims = claimsOf(assetOf('MachineConfig', 'example.com/v1'));

    expect(claims).toEqual([]);
  });

  it('refuses a catalog with a kind no handler owns, naming the asset and the kind', () => {
    const withNewKind = catalogOf([...catalog.assets, assetOf('Widget', 'example.com/v1', 'a-widget')]);

    expect(() => assignHandlers(withNewKind)).toThrow(CatalogError);
    expect(() => assignHandlers(withNewKind)).toThrow(
      /asset a-widget: no handler owns Widget \(group "example.com"\): give each kind one handler in operator\/handlers\/$/,
    );
  });

  it('refuses a kind two handlers claim', () => {
    const rival = plainHandler('rival', [
      { group: 'machineconfiguration.openshift.io', kind: 'MachineConfig' },
    ]);

    expect(() => assignHandlers(catalog, [...HANDLERS, rival])).toThrow(/is owned by node-tunings and rival/);
  });

  it('assigns the real catalog, and each asset to the handler that claims it', () => {
    const owners = assignHandlers(catalog);

    for (const asset of catalog.assets) expect(owners.ownerOf(asset)).toBe(claimsOf(asset)[0]);
  });

  it('knows no owner for an asset outside the catalog it assigned', () => {
    const owners = assignHandlers(catalog);

    expect(() =>
      owners.ownerOf(assetOf('MachineConfig', 'machineconfiguration.openshift.io/v1', 'stray')),
    ).toThrow(/asset stray is not in the catalog/);
  });

  it('makes only the HCO handler the one the pass starts from', () => {
    const passScoped = HANDLERS.filter((h) => h.scope === 'pass').map((h) => h.name);

    expect(passScoped).toEqual(['hco']);
    expect(HANDLERS[0]?.name).toBe('hco');
  });
});
