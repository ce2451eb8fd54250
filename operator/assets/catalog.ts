import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { OperatorError } from '../errors.js';
import type { GroupVersionKind } from '../kube/types.js';
import { readAssets } from './catalog-schema.js';
import { readFeatureCatalog, type CatalogFeature } from './feature-schema.js';

export type Tier = '0' | 'always-on' | 'context-aware' | 'advanced';
export type HardwareDetector =
  | 'pciDevicesPresent'
  | 'numaNodesPresent'
  | 'vfioCapable'
  | 'usbDevicesPresent'
  | 'gpuPresent';

export type Condition =
  /** On the HCO; `value` is compared exactly when given, otherwise the key must be present. */
  | { type: 'annotation'; key: string; value?: string }
  /** HCO v1 `spec.featureGates` `[{name, state}]`: enabled unless `state: Disabled`. */
  | { type: 'feature-gate'; name: string }
  | { type: 'hardware'; detector: HardwareDetector }
  /** A boolean topology fact; `value: false` asks for the fact to be false. */
  | { type: 'topology'; field: string; value?: boolean }
  /** A dotted path that is absent, null or an empty map in the HCO. */
  | { type: 'hco-field-unconfigured'; path: string }
  /** The image `key` is known: `RELATED_IMAGE_<KEY>` is set (upper case, `-` as `_`). */
  | { type: 'image'; key: string }
  /** Never met: the catalog judged this node tuning unsafe on `pool` (added by the pools expansion). */
  | { type: 'unsafe-pool'; pool: NodePool; reason: string };

/** The MachineConfigPools a node tuning can target (OpenShift's two built-in pools). */
export type NodePool = 'worker' | 'master';
export const NODE_POOLS: readonly NodePool[] = ['worker', 'master'];

/** A conditional section of one template (USB passthrough and AAQ on the HCO). */
export interface AssetFeature {
  name: string;
  conditions: Condition[];
  /** Kinds that must be served for the section to switch on (it stays off, quietly, until they are). */
  gateKinds: GroupVersionKind[];
}

export interface AssetDefinition {
  name: string;
  /** Path under templates/: `.njk` is rendered with Nunjucks, anything else is static YAML. */
  template: string;
  /** The Kind of the rendered object. */
  component: string;
  apiVersion: string;
  reconcileOrder: number;
  tier: Tier;
  install: 'always' | 'opt-in';
  group?: string;
  params: Record<string, string>;
  /** All must hold (AND) for the asset to apply. */
  conditions: Condition[];
  /**
   * Kinds besides the asset's own that must be served (catalog `gate_kinds`, like the Go
   * implementation's `gate_crd`): until they are, the asset is skipped as a missing dependency.
   */
  gateKinds: GroupVersionKind[];
  features: AssetFeature[];
  /**
   * A dotted path to a string field holding a YAML document shared with the admin (catalog
   * `merge_yaml`): the rendered document is merged into the live one instead of replacing it.
   */
  mergeYaml?: string;
  /**
   * An object the cluster or its admin owns, such as MachineConfiguration/cluster (catalog
   * `shared: true`): the autopilot Server-Side-Applies only its own fields and never puts its
   * ownership marks on it, so the object never counts as ours (no orphan, no tombstone, no
   * KubeletConfig ownership). Its kind is watched without the managed-by label selector.
   */
  shared?: true;
  /**
   * Node tunings only: the MachineConfigPool this variant targets. A catalog entry with `pools`
   * becomes one asset per pool (see pools.ts); `family` is the entry's name, shared by its variants.
   */
  pool?: NodePool;
  family?: string;
}

export interface Catalog {
  /** Stable-sorted by reconcileOrder (file order within equal values). */
  readonly assets: readonly AssetDefinition[];
  /** The user-facing features (top-level `features:`), in file order. */
  readonly features: readonly CatalogFeature[];
  get(name: string): AssetDefinition | undefined;
}

export const CATALOG_FILE = 'catalog.yaml';

/** The catalog file is broken: a packaging error that no retry fixes. */
export class CatalogError extends OperatorError {}

/** Reads and validates `<templatesDir>/catalog.yaml`; every referenced template must exist. */
export function loadCatalog(templatesDir: string): Catalog {
  const file = path.join(templatesDir, CATALOG_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CatalogError(`${CATALOG_FILE}: cannot read ${file}`, { cause: err });
  }
  return parseCatalog(text, {
    templateExists: (template) => existsSync(path.join(templatesDir, template)),
  });
}

/** Validates catalog text; errors name the entry and the field. */
export function parseCatalog(
  text: string,
  options: { templateExists?: (template: string) => boolean } = {},
): Catalog {
  const doc = parseDocument(text, { version: '1.1', uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new CatalogError(`${CATALOG_FILE}: invalid YAML: ${oneLine(doc.errors[0]?.message ?? '')}`);
  }
  const problems: string[] = [];
  const raw: unknown = doc.toJS();
  const assets = readAssets(raw, problems, options.templateExists ?? (() => true));
  const features =
    problems.length === 0 && typeof raw === 'object' && raw !== null && 'features' in raw
      ? readFeatureCatalog(raw.features, assets, problems)
      : [];
  if (problems.length > 0) {
    throw new CatalogError(problems.map((p) => `${CATALOG_FILE}: ${p}`).join('\n'));
  }
  return catalogOf(assets, features);
}

/** A Catalog over already validated definitions, sorted stably by reconcile order. */
export function catalogOf(
  definitions: readonly AssetDefinition[],
  features: readonly CatalogFeature[] = [],
): Catalog {
  const assets = Object.freeze(
    definitions
      .map((asset, index) => ({ asset, index }))
      .sort((a, b) => a.asset.reconcileOrder - b.asset.reconcileOrder || a.index - b.index)
      .map(({ asset }) => asset),
  );
  const byName = new Map(assets.map((a) => [a.name, a]));
  return { assets, features: Object.freeze([...features]), get: (name) => byName.get(name) };
}

function oneLine(message: string): string {
  return message.split('\n')[0]?.trim() ?? '';
}
