import { byCodeUnits } from '../compare.js';
import type { Catalog, Condition } from './catalog.js';
import type { CatalogFeature, Maturity } from './feature-schema.js';

/** What the feature catalog says about one feature, derived from its members. */
export interface FeatureSummary {
  name: string;
  title: string;
  description: string;
  maturity: Maturity;
  /** `opt-in` when any member applies only under conditions, else `always`. */
  install: 'always' | 'opt-in';
  assets: string[];
  sections: string[];
  /** Kinds of the objects the feature's assets manage. */
  kinds: string[];
  /** What a user switches on: `annotation=value`, `featureGate:NAME`, `hcoUnconfigured:PATH`. */
  optIn: string[];
  /** Facts the cluster must show, not a user switch: `hardware:X`, `topology:FIELD[=false]`, `image:KEY`. */
  needs: string[];
  /** Every HCO annotation the feature reads: its switches and its user values. */
  annotations: string[];
  requires: string[];
}

/** Whether a feature is delivered, from which of its members are. */
export interface FeatureState {
  name: string;
  maturity: Maturity;
  state: 'on' | 'partial' | 'off';
  on: string[];
  off: string[];
}

const MATURITY_RANK: Record<Maturity, number> = { GA: 0, TP: 1, DP: 2 };

/** `key=value`, `featureGate:X`, ... (the spelling of the upstream feature-status document). */
export function conditionLabel(c: Condition): string {
  switch (c.type) {
    case 'annotation':
      return c.value === undefined ? c.key : `${c.key}=${c.value}`;
    case 'feature-gate':
      return `featureGate:${c.name}`;
    case 'hardware':
      return `hardware:${c.detector}`;
    case 'topology':
      return `topology:${c.field}${c.value === false ? '=false' : ''}`;
    case 'hco-field-unconfigured':
      return `hcoUnconfigured:${c.path}`;
    case 'image':
      return `image:${c.key}`;
    case 'unsafe-pool':
      return `unsafePool:${c.pool}`;
  }
}

const unique = (values: readonly string[]): string[] => [...new Set(values)];

/** The catalog's features, GA first then TP then DP, by name within a maturity. Pure. */
export function summarizeFeatures(catalog: Catalog): FeatureSummary[] {
  return [...catalog.features]
    .sort((a, b) => MATURITY_RANK[a.maturity] - MATURITY_RANK[b.maturity] || byCodeUnits(a.name, b.name))
    .map((f) => summarize(f, catalog));
}

function summarize(feature: CatalogFeature, catalog: Catalog): FeatureSummary {
  const assets = feature.assets.flatMap((name) => catalog.get(name) ?? []);
  const sections = feature.sections.flatMap(
    (s) => catalog.get(s.asset)?.features.filter((f) => f.name === s.section) ?? [],
  );
  const conditions = [...assets.flatMap((a) => a.conditions), ...sections.flatMap((s) => s.conditions)];
  const isNeed = (c: Condition): boolean =>
    c.type === 'hardware' || c.type === 'topology' || c.type === 'image';
  const optIn = assets.some((a) => a.install === 'opt-in') || sections.length > 0;
  return {
    name: feature.name,
    title: feature.title,
    description: feature.description,
    maturity: feature.maturity,
    install: optIn ? 'opt-in' : 'always',
    assets: feature.assets,
    sections: feature.sections.map((s) => `${s.asset}/${s.section}`),
    kinds: unique(assets.map((a) => a.component)),
    optIn: unique(conditions.filter((c) => !isNeed(c)).map(conditionLabel)),
    needs: unique(conditions.filter(isNeed).map(conditionLabel)),
    annotations: unique([
      ...conditions.flatMap((c) => (c.type === 'annotation' ? [c.key] : [])),
      ...feature.settings,
    ]),
    requires: feature.requires,
  };
}

/**
 * Which features a cluster gets: `delivered(member)` says whether an asset (by name) or a
 * section (`asset/section`) is delivered. Pure; callers decide from render reports.
 */
export function featureStates(
  summaries: readonly FeatureSummary[],
  delivered: (member: string) => boolean,
): FeatureState[] {
  return summaries.map((f) => {
    const members = [...f.assets, ...f.sections];
    const on = members.filter(delivered);
    const off = members.filter((m) => !on.includes(m));
    const state = off.length === 0 ? 'on' : on.length === 0 ? 'off' : 'partial';
    return { name: f.name, maturity: f.maturity, state, on, off };
  });
}
