import type { AssetDefinition } from './catalog.js';
import { isRecord } from './json.js';

export const MATURITIES = ['GA', 'TP', 'DP'] as const;
/** GA: generally available; TP: technology preview; DP: developer preview. */
export type Maturity = (typeof MATURITIES)[number];

/** A conditional section of one asset's template (an entry of that asset's `features:`). */
export interface SectionRef {
  asset: string;
  section: string;
}

/** A user-facing feature: the assets and template sections that deliver it. */
export interface CatalogFeature {
  name: string;
  title: string;
  description: string;
  maturity: Maturity;
  assets: string[];
  sections: SectionRef[];
  /** HCO annotations whose values the feature's templates read (user values, not switches). */
  settings: string[];
  /** Operators or cluster capabilities that must be installed for the feature to work. */
  requires: string[];
}

const KEYS = ['name', 'title', 'description', 'maturity', 'assets', 'sections', 'settings', 'requires'];
const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const ANNOTATION = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

type Report = (message: string) => void;

/**
 * Reads the catalog's top-level `features:`; appends one message per problem. Every asset and
 * every template section must belong to exactly one feature, so nothing the operator manages is
 * missing from the feature documentation.
 */
export function readFeatureCatalog(
  raw: unknown,
  assets: readonly AssetDefinition[],
  problems: string[],
): CatalogFeature[] {
  if (!Array.isArray(raw)) {
    problems.push('features must be a list');
    return [];
  }
  const features: CatalogFeature[] = [];
  raw.forEach((entry: unknown, index) => {
    const label = isRecord(entry) && typeof entry.name === 'string' ? ` (${entry.name})` : '';
    const feature = readFeature(entry, assets, (m) => problems.push(`features[${index}]${label}: ${m}`));
    if (feature) features.push(feature);
  });
  checkCoverage(features, assets, (m) => problems.push(m));
  return features;
}

function readFeature(
  entry: unknown,
  assets: readonly AssetDefinition[],
  fail: Report,
): CatalogFeature | undefined {
  if (!isRecord(entry)) {
    fail('must be a mapping');
    return undefined;
  }
  let failed = false;
  const report: Report = (m) => {
    failed = true;
    fail(m);
  };
  for (const key of Object.keys(entry)) if (!KEYS.includes(key)) report(`unknown key ${key}`);
  const text = (key: string): string => {
    const value = entry[key];
    if (typeof value !== 'string' || value.trim() === '') report(`${key} must be a non-empty string`);
    return typeof value === 'string' ? value.trim() : '';
  };
  const name = text('name');
  if (name && !NAME.test(name)) report('name must be a lowercase DNS label');
  const maturity = entry.maturity as Maturity;
  if (!MATURITIES.includes(maturity)) report(`maturity must be one of ${MATURITIES.join(', ')}`);
  const names = new Set(assets.map((a) => a.name));
  const members = strings(entry.assets, 'assets', report);
  for (const asset of members) if (!names.has(asset)) report(`assets: ${asset} is not in the catalog`);
  const sections = strings(entry.sections, 'sections', report).flatMap((ref) => {
    const section = sectionRef(ref, assets);
    if (!section) report(`sections: ${ref} must be <asset>/<section> of an asset's features`);
    return section ? [section] : [];
  });
  if (members.length + sections.length === 0) report('needs at least one of assets or sections');
  const settings = strings(entry.settings, 'settings', report);
  for (const key of settings) if (!ANNOTATION.test(key)) report(`settings: ${key} is not an annotation key`);
  const feature: CatalogFeature = {
    name,
    title: text('title'),
    description: text('description'),
    maturity,
    assets: members,
    sections,
    settings,
    requires: strings(entry.requires, 'requires', report),
  };
  return failed ? undefined : feature;
}

function strings(value: unknown, key: string, report: Report): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v !== '')) {
    report(`${key} must be a list of strings`);
    return [];
  }
  return value as string[];
}

function sectionRef(ref: string, assets: readonly AssetDefinition[]): SectionRef | undefined {
  const [asset, section, ...rest] = ref.split('/');
  const found = assets.find((a) => a.name === asset)?.features.some((f) => f.name === section);
  return found && rest.length === 0 && asset && section ? { asset, section } : undefined;
}

function checkCoverage(
  features: readonly CatalogFeature[],
  assets: readonly AssetDefinition[],
  report: Report,
) {
  const owners = new Map<string, string[]>();
  const own = (member: string, feature: string): void =>
    void owners.set(member, [...(owners.get(member) ?? []), feature]);
  const names = new Set<string>();
  for (const f of features) {
    if (names.has(f.name)) report(`feature name ${f.name} is used twice`);
    names.add(f.name);
    for (const a of f.assets) own(a, f.name);
    for (const s of f.sections) own(`${s.asset}/${s.section}`, f.name);
  }
  // A node tuning's pool variants belong to the feature that lists the catalog entry (its family).
  const members = assets.flatMap((a) => {
    const name = a.family ?? a.name;
    return [name, ...a.features.map((s) => `${name}/${s.name}`)];
  });
  const missing = members.filter((m) => !owners.has(m));
  if (missing.length > 0)
    report(`no feature lists ${missing.join(', ')} (every asset and section needs one)`);
  for (const [member, by] of owners) {
    if (by.length > 1) report(`${member} is listed by more than one feature (${by.join(', ')})`);
  }
}
