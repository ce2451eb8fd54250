import { loadCatalog } from '../../operator/assets/catalog.js';
import { buildRenderContext, DEFAULT_NAMESPACE } from '../../operator/assets/context.js';
import { TemplateRenderer } from '../../operator/assets/renderer.js';
import type { KubeObject } from '../../operator/kube/types.js';
import { withOwnershipMarks } from '../../operator/pipeline/ownership.js';
import { HCO_NAME } from '../../operator/assets/hco-ref.js';

/**
 * Objects the operator renders as its own assets that the install manifests also carry (so that
 * `kubectl delete -k` removes them), by asset name and the file they are written to.
 */
export const OWN_OBJECTS: readonly { asset: string; file: string }[] = [
  { asset: 'metrics-service', file: 'manifests/base/metrics-service.yaml' },
  { asset: 'metrics-servicemonitor', file: 'manifests/components/monitoring/service-monitor.yaml' },
  { asset: 'prometheus-alerts', file: 'manifests/components/monitoring/prometheus-rule.yaml' },
];

/**
 * The asset exactly as the operator would apply it (ownership marks included), so that the
 * operator adopts the installed copy without a write. The namespace is left to kustomize.
 */
export function renderOwnObject(templatesDir: string, assetName: string): KubeObject {
  const asset = loadCatalog(templatesDir).get(assetName);
  if (!asset) throw new Error(`asset ${assetName}: not in ${templatesDir}/catalog.yaml`);
  const hco: KubeObject = {
    apiVersion: 'hco.kubevirt.io/v1',
    kind: 'HyperConverged',
    metadata: { name: HCO_NAME, namespace: DEFAULT_NAMESPACE },
  };
  const rendered = new TemplateRenderer(templatesDir).render(
    asset,
    buildRenderContext({ hco, nodes: [], env: {} }),
  );
  if (!rendered) throw new Error(`asset ${assetName}: renders nothing for a default HCO`);
  const marked = withOwnershipMarks(rendered);
  delete marked.metadata.namespace;
  return marked;
}
