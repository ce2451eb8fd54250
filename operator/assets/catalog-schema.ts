import { splitApiVersion, type GroupVersionKind } from '../kube/types.js';
import type { AssetDefinition, AssetFeature, Condition, Tier } from './catalog.js';
import { readCondition } from './condition-schema.js';
import { isRecord } from './json.js';
import { expandPools, readPools } from './pools.js';

/** The catalog's YAML keys per asset entry (snake_case, as upstream). */
const ENTRY_KEYS = [
  'name',
  'template',
  'component',
  'api_version',
  'reconcile_order',
  'tier',
  'install',
  'group',
  'params',
  'conditions',
  'gate_kinds',
  'features',
  'merge_yaml',
  'pools',
  'shared',
] as const;
const TIERS: readonly Tier[] = ['0', 'always-on', 'context-aware', 'advanced'];
const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;
const API_VERSION = /^(?:[a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?v[0-9]+(?:(?:alpha|beta)[0-9]+)?$/;

// Keys of ConfigMap data may contain dots (config.yaml): the first segment names the field, the rest the key.
const DOTTED_DATA_PATH = /^(data|stringData)\.[-._a-zA-Z0-9]+$/;

type Report = (message: string) => void;

/** Reads `assets:`; appends one message per problem and returns the entries that parsed. */
export function readAssets(
  raw: unknown,
  problems: string[],
  templateExists: (template: string) => boolean,
): AssetDefinition[] {
  if (!isRecord(raw) || !Array.isArray(raw.assets)) {
    problems.push('assets must be a list');
    return [];
  }
  for (const key of Object.keys(raw)) {
    if (key !== 'assets' && key !== 'features') problems.push(`unknown top-level key ${key}`);
  }
  const assets: AssetDefinition[] = [];
  raw.assets.forEach((entry: unknown, index) => {
    const label = isRecord(entry) && typeof entry.name === 'string' ? ` (${entry.name})` : '';
    const report: Report = (m) => problems.push(`assets[${index}]${label}: ${m}`);
    assets.push(...readEntry(entry, report, templateExists));
  });
  checkAcrossEntries(assets, (m) => problems.push(m));
  return assets;
}

/** One entry's assets: itself, or one per pool for a node tuning with `pools`; none when invalid. */
function readEntry(
  entry: unknown,
  report: Report,
  templateExists: (template: string) => boolean,
): AssetDefinition[] {
  if (!isRecord(entry)) {
    report('must be a mapping');
    return [];
  }
  let failed = false;
  const fail: Report = (m) => {
    failed = true;
    report(m);
  };
  for (const key of Object.keys(entry)) {
    if (!(ENTRY_KEYS as readonly string[]).includes(key)) fail(`unknown key ${key}`);
  }
  const name = matching(entry, 'name', NAME, 'a lowercase DNS label', fail);
  const template = templatePath(entry.template, fail, templateExists);
  const component = matching(entry, 'component', KIND, 'a Kind (UpperCamelCase)', fail);
  const apiVersion = matching(entry, 'api_version', API_VERSION, 'group/version or a core version', fail);
  const reconcileOrder = entry.reconcile_order;
  if (!Number.isSafeInteger(reconcileOrder) || (reconcileOrder as number) < 0) {
    fail('reconcile_order must be an integer');
  }
  const tier = entry.tier === 0 ? '0' : entry.tier;
  if (!TIERS.includes(tier as Tier)) fail(`tier must be one of ${TIERS.map((t) => `"${t}"`).join(', ')}`);
  if (entry.install !== 'always' && entry.install !== 'opt-in') fail('install must be "always" or "opt-in"');
  const group = entry.group === undefined ? undefined : matching(entry, 'group', NAME, 'a DNS label', fail);
  const params = readParams(entry.params, fail);
  const conditions = readConditions(entry.conditions, 'conditions', fail);
  const gateKinds = readGateKinds(entry.gate_kinds, 'gate_kinds', fail);
  const features = readFeatures(entry.features, fail);
  const pools = readPools(entry.pools, component, fail);
  if (entry.install === 'opt-in' && conditions.length === 0) {
    fail('install opt-in needs at least one condition (otherwise the asset never applies)');
  }
  if (entry.shared !== undefined && entry.shared !== true) fail('shared must be true when given');
  if (failed) return [];
  const asset: AssetDefinition = {
    name: name as string,
    template: template as string,
    component: component as string,
    apiVersion: apiVersion as string,
    reconcileOrder: reconcileOrder as number,
    tier: tier as Tier,
    install: entry.install as 'always' | 'opt-in',
    params,
    conditions,
    gateKinds,
    features,
  };
  if (group !== undefined) asset.group = group;
  if (entry.shared === true) asset.shared = true;
  if (entry.merge_yaml !== undefined) {
    const mergeYaml = matching(
      entry,
      'merge_yaml',
      DOTTED_DATA_PATH,
      'a dotted path such as data.config.yaml',
      fail,
    );
    if (mergeYaml === undefined) return [];
    asset.mergeYaml = mergeYaml;
  }
  return expandPools(asset, pools);
}

function matching(
  entry: Record<string, unknown>,
  key: string,
  pattern: RegExp,
  what: string,
  fail: Report,
): string | undefined {
  const value = entry[key];
  if (typeof value !== 'string' || !pattern.test(value)) {
    fail(`${key} must be ${what}`);
    return undefined;
  }
  return value;
}

function templatePath(
  value: unknown,
  fail: Report,
  templateExists: (template: string) => boolean,
): string | undefined {
  if (typeof value !== 'string' || value === '') {
    fail('template must be a path under templates/');
    return undefined;
  }
  if (value.startsWith('/') || value.split('/').some((s) => s === '..' || s === '.' || s === '')) {
    fail(`template ${value} must be a relative path inside templates/`);
    return undefined;
  }
  if (!templateExists(value)) {
    fail(`template ${value} does not exist`);
    return undefined;
  }
  return value;
}

function readParams(value: unknown, fail: Report): Record<string, string> {
  if (value === undefined) return {};
  if (!isRecord(value)) {
    fail('params must be a mapping of strings');
    return {};
  }
  const params: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') fail(`params.${key} must be a string (quote it)`);
    else params[key] = v;
  }
  return params;
}

function readConditions(value: unknown, where: string, fail: Report): Condition[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    fail(`${where} must be a list`);
    return [];
  }
  const out: Condition[] = [];
  value.forEach((raw: unknown, i) => {
    const condition = readCondition(raw, (m) => fail(`${where}[${i}]${m}`));
    if (condition) out.push(condition);
  });
  return out;
}

/** `[{ api_version, kind }]`: kinds that must be served (besides the asset's own). */
function readGateKinds(value: unknown, where: string, fail: Report): GroupVersionKind[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length === 0) {
    fail(`${where} must be a non-empty list of { api_version, kind }`);
    return [];
  }
  const out: GroupVersionKind[] = [];
  value.forEach((raw: unknown, i) => {
    const at = `${where}[${i}]`;
    if (!isRecord(raw)) return fail(`${at} must be a mapping with api_version and kind`);
    for (const key of Object.keys(raw)) {
      if (key !== 'api_version' && key !== 'kind') fail(`${at}: unknown key ${key}`);
    }
    const apiVersion = matching(raw, 'api_version', API_VERSION, 'group/version', (m) => fail(`${at}.${m}`));
    const kind = matching(raw, 'kind', KIND, 'a Kind (UpperCamelCase)', (m) => fail(`${at}.${m}`));
    if (apiVersion === undefined || kind === undefined) return undefined;
    const gvk = { ...splitApiVersion(apiVersion), kind };
    // Built-in kinds are always served: gating on one would never gate anything.
    if (!gvk.group.includes('.') || gvk.group.endsWith('.k8s.io')) {
      return fail(`${at}: ${apiVersion} ${kind} is a built-in kind, always served`);
    }
    out.push(gvk);
  });
  return out;
}

function readFeatures(value: unknown, fail: Report): AssetFeature[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    fail('features must be a list');
    return [];
  }
  const seen = new Set<string>();
  const out: AssetFeature[] = [];
  value.forEach((raw: unknown, i) => {
    const where = `features[${i}]`;
    if (!isRecord(raw)) return fail(`${where} must be a mapping with name and conditions`);
    for (const key of Object.keys(raw)) {
      if (!['name', 'conditions', 'gate_kinds'].includes(key)) fail(`${where}: unknown key ${key}`);
    }
    if (typeof raw.name !== 'string' || !NAME.test(raw.name))
      return fail(`${where}.name must be a DNS label`);
    if (seen.has(raw.name)) fail(`${where}.name ${raw.name} is used twice`);
    seen.add(raw.name);
    const conditions = readConditions(raw.conditions, `${where}.conditions`, fail);
    if (conditions.length === 0) fail(`${where}.conditions must list at least one condition`);
    const gateKinds = readGateKinds(raw.gate_kinds, `${where}.gate_kinds`, fail);
    out.push({ name: raw.name, conditions, gateKinds });
  });
  return out;
}

function checkAcrossEntries(assets: readonly AssetDefinition[], report: Report): void {
  const names = new Set<string>();
  for (const asset of assets) {
    if (names.has(asset.name)) report(`asset name ${asset.name} is used twice`);
    names.add(asset.name);
  }
  for (const asset of assets) {
    if (asset.group !== undefined && names.has(asset.group)) {
      report(
        `asset ${asset.name}: group ${asset.group} is also an asset name (the allowlist would be ambiguous)`,
      );
    }
    if ((asset.tier === '0') !== (asset.reconcileOrder === 0)) {
      report(`asset ${asset.name}: reconcile_order 0 and tier "0" go together (reserved for the HCO)`);
    }
  }
  if (assets.filter((a) => a.tier === '0').length > 1) report('only one asset may have tier "0"');
  checkSharedKinds(assets, report);
}

/**
 * A shared asset's kind is watched whole, without the managed-by label selector (its object never
 * carries the label): only cluster singleton kinds qualify, so no other asset may render that kind.
 */
function checkSharedKinds(assets: readonly AssetDefinition[], report: Report): void {
  const kindOf = (a: AssetDefinition): string => `${a.apiVersion} ${a.component}`;
  const shared = new Set(assets.filter((a) => a.shared).map(kindOf));
  for (const asset of assets) {
    if (!asset.shared && shared.has(kindOf(asset))) {
      report(
        `asset ${asset.name}: ${kindOf(asset)} is the kind of a shared asset; mark it shared too or pick another kind`,
      );
    }
  }
}
