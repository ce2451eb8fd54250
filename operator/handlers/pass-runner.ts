import { contextForAsset, type RenderContext } from '../assets/context.js';
import type { AutopilotSelection } from '../pipeline/decisions/autopilot.js';
import { decideEligibility, type Eligibility } from './eligibility.js';
import type { PlannedAsset } from './pass-plan.js';

/** One asset's turn in a pass: the base it renders from, its own context, and whether it may run. */
export interface AssetTurn {
  readonly planned: PlannedAsset;
  readonly base: RenderContext;
  readonly context: RenderContext;
  readonly eligibility: Eligibility;
}

/** What a pass does with each turn: the reconciler writes, a preview only looks. */
export interface PassVisitor<V> {
  visit(turn: AssetTurn): Promise<V>;
  /** The base the later assets render from, after a pass-scope (HCO) asset: the effective HCO. */
  rebase(verdict: V, base: RenderContext): RenderContext;
}

export interface Visited<V> {
  readonly planned: PlannedAsset;
  readonly verdict: V;
}

/**
 * Runs a plan in order, shared by the reconciler and the render/diff/status preview: each asset
 * gets its context (params, features) from the current base and the eligibility decision, and
 * after the HCO the base moves to the HCO it left, so everything after renders from that.
 */
export async function runPass<V>(
  plan: readonly PlannedAsset[],
  start: RenderContext,
  selection: AutopilotSelection,
  visitor: PassVisitor<V>,
): Promise<Visited<V>[]> {
  const out: Visited<V>[] = [];
  let base = start;
  for (const planned of plan) {
    const context = contextForAsset(base, planned.asset);
    const eligibility = decideEligibility({ asset: planned.asset, selection, context, served: base.served });
    const verdict = await visitor.visit({ planned, base, context, eligibility });
    out.push({ planned, verdict });
    if (planned.handler.scope === 'pass') base = visitor.rebase(verdict, base);
  }
  return out;
}
