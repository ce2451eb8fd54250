import type { Catalog } from '../assets/catalog.js';
import { contextForAsset, type RenderContext } from '../assets/context.js';
import { featureStates, summarizeFeatures, type FeatureSummary } from '../assets/feature-status.js';
import type { AssetReport } from './report.js';

/** One feature of the catalog with what the previewed cluster gets of it. */
export type FeatureView = FeatureSummary & { state: 'on' | 'partial' | 'off'; on: string[]; off: string[] };

/**
 * Whether a feature member is delivered: an asset when the operator would apply it, a template
 * section when its asset is applied and the section is on (conditions hold, gate kinds served). Pure.
 */
export function deliveredMember(
  catalog: Catalog,
  reports: readonly AssetReport[],
  context: RenderContext,
): (member: string) => boolean {
  const included = new Set(reports.filter((r) => r.included).map((r) => r.asset));
  return (member) => {
    const [asset = '', section] = member.split('/');
    if (!included.has(asset)) return false;
    if (section === undefined) return true;
    const definition = catalog.get(asset);
    return definition !== undefined && contextForAsset(context, definition).features[section] === true;
  };
}

/** `render --output=features` and `/debug/features`: every feature and its state, from a render. Pure. */
export function featureViews(
  catalog: Catalog,
  reports: readonly AssetReport[],
  context: RenderContext,
): FeatureView[] {
  const summaries = summarizeFeatures(catalog);
  const states = featureStates(summaries, deliveredMember(catalog, reports, context));
  return summaries.map((summary, i) => {
    const { state, on, off } = states[i] ?? { state: 'off' as const, on: [], off: [] };
    return { ...summary, state, on, off };
  });
}
