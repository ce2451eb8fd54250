import type { AssetDefinition, Catalog } from '../assets/catalog.js';
import { contextForAsset, type RenderContext } from '../assets/context.js';
import type { TemplateRenderer } from '../assets/renderer.js';
import { decideEligibility, type Eligibility } from '../handlers/eligibility.js';
import { MapVerifiedCache } from '../handlers/live-reader.js';
import { refOf, type GroupVersionKind, type KubeObject } from '../kube/types.js';
import type { Logger } from '../observability/logger.js';
import { ANNOTATIONS } from '../pipeline/annotations.js';
import { parseAutopilot } from '../pipeline/decisions/autopilot.js';
import { PATCHED_BASELINE, runPipeline } from '../pipeline/pipeline.js';
import { isStop, type Step, type StepDeps, type Stop } from '../pipeline/step.js';
import { systemClock } from '../throttling/clock.js';
import { defaultThrottleConfig, TokenBuckets } from '../throttling/token-bucket.js';
import type { ReadOnlyClient } from './read-only-client.js';

/** Why an asset never reached the pipeline. */
export type IneligibleCause = 'autopilot-off' | Extract<Eligibility, { eligible: false }>['cause'];

/** One asset of a preview: stopped before the pipeline, or the pipeline's Stop and the desired object after each step. */
export type AssetVerdict =
  | { asset: AssetDefinition; ineligible: { cause: IneligibleCause; reason: string } }
  | { asset: AssetDefinition; stop: Stop; desiredAfter: ReadonlyMap<string, KubeObject | undefined> };

/** The last step a preview runs: `exclude` for render (no cluster needed), `drift` for diff. */
export type PreviewDepth = 'exclude' | 'drift';

/**
 * The operator's own steps up to `depth`, then a stop that marks "the operator would write this":
 * `created` when there is no live object, `applied` when there is one (for drift: one that drifted).
 */
export function previewSteps(depth: PreviewDepth): Step[] {
  const last = PATCHED_BASELINE.findIndex((step) => step.name === depth);
  const wouldWrite: Step = {
    name: 'would-write',
    run: async (state) => ({ stop: state.live ? 'applied' : 'created', state }),
  };
  return [...PATCHED_BASELINE.slice(0, last + 1), wouldWrite];
}

/**
 * StepDeps for a preview: live objects are read straight from the server (no informer cache) and
 * the client cannot write.
 */
export function previewStepDeps(input: {
  client: ReadOnlyClient;
  renderer: TemplateRenderer;
  logger: Logger;
}): StepDeps {
  const { client, renderer } = input;
  return {
    client,
    live: {
      read: (desired) => client.get(refOf(desired)),
      namespaceExists: async (name) =>
        (await client.get({ apiVersion: 'v1', kind: 'Namespace', name })) !== undefined,
    },
    tokens: new TokenBuckets(systemClock, defaultThrottleConfig()),
    // Fresh per preview: nothing is known to be compliant, so every drift check asks the server.
    verified: new MapVerifiedCache(),
    clock: systemClock,
    logger: input.logger,
    render: (state) => renderer.render(state.asset, state.context),
  };
}

/**
 * Runs every asset (or only `only`) through the operator's eligibility decision and pipeline
 * steps, in reconcile order, exactly as a pass would, but without writing.
 */
export async function previewAssets(input: {
  catalog: Catalog;
  context: RenderContext;
  served: (gvk: GroupVersionKind) => boolean;
  deps: StepDeps;
  depth: PreviewDepth;
  only?: string;
}): Promise<AssetVerdict[]> {
  const selection = parseAutopilot(input.context.hco.metadata.annotations?.[ANNOTATIONS.autopilot]);
  const assets = input.catalog.assets.filter((a) => input.only === undefined || a.name === input.only);
  const verdicts: AssetVerdict[] = [];
  for (const asset of assets) {
    if (selection.kind === 'off') {
      const reason = `${ANNOTATIONS.autopilot} is "false": the autopilot is idle and writes nothing`;
      verdicts.push({ asset, ineligible: { cause: 'autopilot-off', reason } });
      continue;
    }
    const context = contextForAsset(input.context, asset);
    const eligibility = decideEligibility({ asset, selection, context, served: input.served });
    if (!eligibility.eligible) {
      verdicts.push({ asset, ineligible: { cause: eligibility.cause, reason: eligibility.reason } });
      continue;
    }
    const desiredAfter = new Map<string, KubeObject | undefined>();
    const steps = tapped(previewSteps(input.depth), (name, desired) => desiredAfter.set(name, desired));
    const stop = await runPipeline({ asset, context, customizations: [], forced: false }, input.deps, steps);
    verdicts.push({ asset, stop, desiredAfter });
  }
  return verdicts;
}

/** The same steps, reporting the desired object after each one (diff attributes fields from them). */
function tapped(steps: readonly Step[], record: (name: string, desired?: KubeObject) => void): Step[] {
  return steps.map((step) => ({
    name: step.name,
    async run(state, deps) {
      const result = await step.run(state, deps);
      record(step.name, isStop(result) ? result.state.desired : result.next.desired);
      return result;
    },
  }));
}
