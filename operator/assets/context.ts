import type { GroupVersionKind, KubeObject } from '../kube/types.js';
import { clone } from '../kube/types.js';
import type { AssetDefinition } from './catalog.js';
import { evaluateConditions } from './conditions.js';
import { detectHardware, type HardwareFacts } from './hardware.js';
import type { SchemaFacts } from './schema-facts.js';
import { detectTopology, type TopologyFacts } from './topology.js';

/** Everything a template and a condition may read. Built once per pass, specialised per asset. */
export interface RenderContext {
  /** The effective HCO (a snapshot). */
  hco: KubeObject;
  /** The HCO's namespace: where namespaced autopilot objects go. */
  namespace: string;
  hardware: HardwareFacts;
  topology: TopologyFacts;
  /** `RELATED_IMAGE_FOO_BAR=x` as `{ 'foo-bar': 'x' }`. */
  images: Record<string, string>;
  /** The asset's catalog `params` (empty until contextForAsset). */
  params: Record<string, string>;
  /** The asset's features, evaluated (empty until contextForAsset). */
  features: Record<string, boolean>;
  /** Whether the server serves a kind (offline: every kind counts as served). Gates feature sections. */
  served: (gvk: GroupVersionKind) => boolean;
  /** What templates may know about served CRDs (the KubeDescheduler's profiles); {} offline. */
  schemas: SchemaFacts;
}

/** Offline (no server to ask): every kind counts as served. */
export const everyKindServed = (): boolean => true;

export const DEFAULT_NAMESPACE = 'openshift-cnv';
const IMAGE_PREFIX = 'RELATED_IMAGE_';

export function imagesFromEnv(env: Record<string, string | undefined>): Record<string, string> {
  const images: Record<string, string> = {};
  for (const [name, value] of Object.entries(env).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!name.startsWith(IMAGE_PREFIX) || name === IMAGE_PREFIX || !value) continue;
    images[name.slice(IMAGE_PREFIX.length).toLowerCase().replaceAll('_', '-')] = value;
  }
  return images;
}

/** Pure: the same function serves the operator and the offline `render` command. */
export function buildRenderContext(input: {
  hco: KubeObject;
  nodes: readonly KubeObject[];
  infrastructure?: KubeObject;
  scheduler?: KubeObject;
  env: Record<string, string | undefined>;
  /** Images already parsed from the environment (the operator parses them once, at start). */
  images?: Readonly<Record<string, string>>;
  served?: (gvk: GroupVersionKind) => boolean;
  schemas?: SchemaFacts;
}): RenderContext {
  const topologyInput: Parameters<typeof detectTopology>[0] = { nodes: input.nodes };
  if (input.infrastructure) topologyInput.infrastructure = input.infrastructure;
  if (input.scheduler) topologyInput.scheduler = input.scheduler;
  return {
    hco: clone(input.hco),
    namespace: input.hco.metadata.namespace || DEFAULT_NAMESPACE,
    hardware: detectHardware(input.nodes),
    topology: detectTopology(topologyInput),
    images: input.images ? { ...input.images } : imagesFromEnv(input.env),
    params: {},
    features: {},
    served: input.served ?? everyKindServed,
    schemas: input.schemas ?? {},
  };
}

/** What a render context is built from: the facts the operator's cache or a preview read. */
export interface ClusterFacts {
  hco: KubeObject;
  nodes: readonly KubeObject[];
  infrastructure?: KubeObject | undefined;
  scheduler?: KubeObject | undefined;
  /** Which kinds the server serves (everyKindServed offline). */
  served: (gvk: GroupVersionKind) => boolean;
  /** What templates may know about served CRDs; absent offline (templates then assume the newest). */
  schemas?: SchemaFacts | undefined;
}

/**
 * The one way the operator and its previews (render, diff, status, /debug/render) build the base
 * render context: from the cluster facts and the images parsed once from the environment.
 */
export function renderContextOf(
  facts: ClusterFacts,
  images: Readonly<Record<string, string>>,
): RenderContext {
  const { infrastructure, scheduler } = facts;
  return buildRenderContext({
    hco: facts.hco,
    nodes: facts.nodes,
    env: {},
    images,
    served: facts.served,
    ...(facts.schemas ? { schemas: facts.schemas } : {}),
    ...(infrastructure ? { infrastructure } : {}),
    ...(scheduler ? { scheduler } : {}),
  });
}

/** The base context with this asset's params and its features evaluated against the base. */
export function contextForAsset(base: RenderContext, asset: AssetDefinition): RenderContext {
  const features: Record<string, boolean> = {};
  for (const feature of asset.features) {
    features[feature.name] =
      evaluateConditions(feature.conditions, base).met && feature.gateKinds.every((gvk) => base.served(gvk));
  }
  return { ...base, params: { ...asset.params }, features };
}
