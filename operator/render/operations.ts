import type { Catalog } from '../assets/catalog.js';
import type { SchemaFacts } from '../assets/schema-facts.js';
import { everyKindServed, imagesFromEnv, renderContextOf, type RenderContext } from '../assets/context.js';
import type { TemplateRenderer } from '../assets/renderer.js';
import type { Tombstone } from '../assets/tombstones.js';
import { factsOf, type ClusterView } from '../handlers/cluster-view.js';
import type { KubeClient } from '../kube/client.js';
import type { GroupVersionKind, KubeObject } from '../kube/types.js';
import type { Logger } from '../observability/logger.js';
import type { LiveReader } from '../pipeline/step.js';
import { diffOf, type ObjectDiff } from './diff.js';
import { previewAssets, previewStepDeps } from './preview.js';
import { ReadOnlyClient } from './read-only-client.js';
import { reportOf, type AssetReport } from './report.js';

/** What both previews need: the catalog and renderer, and a base context (it knows which kinds are served). */
export interface PreviewSetup {
  catalog: Catalog;
  renderer: TemplateRenderer;
  context: RenderContext;
  logger: Logger;
  /** The tombstones the operator loads from the same templates (the hold decision reads them). */
  tombstones: readonly Tombstone[];
  /** Only this asset (its name must be in the catalog). */
  only?: string;
}

/** Where `render` finds live objects: a cluster (read-only), optionally through a cache first. */
export interface RenderCluster {
  client: KubeClient;
  /** Default: a GET per object. The operator passes its informer cache (with GET fallback). */
  live?: LiveReader;
}

/**
 * `render` and `/debug/render`: eligibility, render and disabled-resources for every asset, as the
 * operator decides them. With a cluster, also read-live, opt-out, patch and mask, so each object
 * is shown as the operator would apply it (`raw`: the template's output instead). Never writes.
 */
export async function renderAssets(
  setup: PreviewSetup & { cluster?: RenderCluster; raw?: boolean },
): Promise<AssetReport[]> {
  const deps = previewStepDeps({
    client: new ReadOnlyClient(setup.cluster?.client),
    renderer: setup.renderer,
    logger: setup.logger,
    tombstones: setup.tombstones,
    ...(setup.cluster?.live ? { live: setup.cluster.live } : {}),
  });
  const depth = setup.cluster ? 'mask' : 'exclude';
  const verdicts = await previewAssets({ ...setup, deps, depth });
  // Without Nodes (an offline render with no --nodes-file) nobody knows where VMs run: no pool note.
  const topology = setup.context.topology.totalNodeCount > 0 ? setup.context.topology : undefined;
  return verdicts.map((verdict) =>
    reportOf(verdict, { raw: setup.raw === true, ...(topology ? { topology } : {}) }),
  );
}

/**
 * `diff`: every asset through the operator's steps up to drift detection (a Server-Side Apply
 * dry-run) against the live cluster. Reads and dry-runs only; any other write throws.
 */
export async function diffAssets(setup: PreviewSetup & { client: KubeClient }): Promise<ObjectDiff[]> {
  const client = new ReadOnlyClient(setup.client);
  const deps = previewStepDeps({
    client,
    renderer: setup.renderer,
    logger: setup.logger,
    tombstones: setup.tombstones,
  });
  const dryRunOf = (key: string): KubeObject | undefined => client.dryRunOf(key);
  const verdicts = await previewAssets({ ...setup, deps, depth: 'drift', dryRunOf });
  return verdicts.map((verdict) => diffOf(verdict, dryRunOf));
}

/** The base render context from the operator's informer cache, or undefined before the HCO exists. */
export function contextFromView(
  view: ClusterView,
  images: Readonly<Record<string, string>>,
): RenderContext | undefined {
  const hco = view.hco();
  return hco ? renderContextOf(factsOf(view, hco), images) : undefined;
}

/** The base render context over the inputs a preview read (files: every kind served; a cluster: its answer). */
export function contextOf(
  input: {
    hco: KubeObject;
    nodes: readonly KubeObject[];
    infrastructure?: KubeObject | undefined;
    scheduler?: KubeObject | undefined;
    served?: (gvk: GroupVersionKind) => boolean;
    schemas?: SchemaFacts;
  },
  env: Readonly<Record<string, string | undefined>>,
): RenderContext {
  return renderContextOf({ ...input, served: input.served ?? everyKindServed }, imagesFromEnv(env));
}
