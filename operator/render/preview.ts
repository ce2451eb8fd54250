import type { AssetDefinition, Catalog } from '../assets/catalog.js';
import type { RenderContext } from '../assets/context.js';
import type { TemplateRenderer } from '../assets/renderer.js';
import type { Tombstone } from '../assets/tombstones.js';
import type { Eligibility } from '../handlers/eligibility.js';
import { assignHandlers } from '../handlers/handler-set.js';
import { planPass } from '../handlers/pass-plan.js';
import { runPass, type AssetTurn } from '../handlers/pass-runner.js';
import { MapVerifiedCache, newThrottleMemory } from '../handlers/live-reader.js';
import { objectKey, refOf, type KubeObject } from '../kube/types.js';
import type { Logger } from '../observability/logger.js';
import { ANNOTATIONS } from '../pipeline/annotations.js';
import { parseAutopilot } from '../pipeline/decisions/autopilot.js';
import { mergePatchValue } from '../pipeline/decisions/patch.js';
import { kubeletConfigReaderFor } from '../pipeline/kubelet-configs.js';
import { PATCHED_BASELINE } from '../pipeline/pipeline.js';
import { isStop, type LiveReader, type Step, type StepDeps, type Stop } from '../pipeline/step.js';
import { systemClock } from '../throttling/clock.js';
import { defaultThrottleConfig, TokenBuckets } from '../throttling/token-bucket.js';
import type { ReadOnlyClient } from './read-only-client.js';

/** Why an asset never reached the pipeline. */
export type IneligibleCause = 'autopilot-off' | Extract<Eligibility, { eligible: false }>['cause'];

/** One asset of a preview: stopped before the pipeline, or the pipeline's Stop and the desired object after each step. */
export type AssetVerdict =
  | { asset: AssetDefinition; ineligible: { cause: IneligibleCause; reason: string } }
  | { asset: AssetDefinition; stop: Stop; desiredAfter: ReadonlyMap<string, KubeObject | undefined> };

/**
 * The last step a preview runs: `exclude` for an offline render, `mask` for a render against a
 * cluster (the object as it would be applied), `drift` for diff.
 */
export type PreviewDepth = 'exclude' | 'mask' | 'drift';

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
  live?: LiveReader;
  /** The operator's tombstones: KubeletConfigs they name are its own, retired (not another tool's). */
  tombstones: readonly Tombstone[];
}): StepDeps {
  const { client, renderer } = input;
  return {
    client,
    live: input.live ?? {
      read: (desired) => client.get(refOf(desired)),
      namespaceExists: async (name) =>
        (await client.get({ apiVersion: 'v1', kind: 'Namespace', name })) !== undefined,
    },
    tokens: new TokenBuckets(systemClock, defaultThrottleConfig()),
    // Fresh per preview: nothing is known to be compliant, so every drift check asks the server.
    verified: new MapVerifiedCache(),
    throttle: newThrottleMemory(),
    clock: systemClock,
    logger: input.logger,
    render: (state) => renderer.render(state.asset, state.context),
    // Read-only: render, diff and status show a KubeletConfig held for another tool's, exactly
    // as the reconciler decides it (a retired, tombstoned KubeletConfig of ours holds nothing).
    kubeletConfigs: kubeletConfigReaderFor(client, input.tombstones),
  };
}

interface PreviewInput {
  catalog: Catalog;
  /** The base context; its `served` says which kinds the server serves. */
  context: RenderContext;
  deps: StepDeps;
  depth: PreviewDepth;
  only?: string;
  /** The server's dry-run answer by `Kind/ns/name` (diff); offline the effective HCO is a merge. */
  dryRunOf?: (key: string) => KubeObject | undefined;
}

/**
 * Runs every asset (or only `only`) through the pass the reconciler runs (the same plan, handlers,
 * eligibility decision and pipeline steps), but without writing. As in a pass, the assets after
 * the golden HCO render from the effective HCO (the HCO once the golden one is applied), so the
 * HCO asset always runs, even when only another asset is asked for.
 */
export async function previewAssets(input: PreviewInput): Promise<AssetVerdict[]> {
  const selection = parseAutopilot(input.context.hco.metadata.annotations?.[ANNOTATIONS.autopilot]);
  const plan = planPass(input.catalog, assignHandlers(input.catalog), input.only);
  if (selection.kind === 'off') {
    const reason = `${ANNOTATIONS.autopilot} is "false": the autopilot is idle and writes nothing`;
    return plan
      .filter((p) => p.report)
      .map(({ asset }) => ({ asset, ineligible: { cause: 'autopilot-off', reason } }));
  }
  const visited = await runPass(plan, input.context, selection, {
    visit: (turn) => previewOne(turn, input),
    rebase: (verdict, base) =>
      'stop' in verdict ? { ...base, hco: effectiveHco(verdict.stop, base.hco, input.dryRunOf) } : base,
  });
  return visited.filter((v) => v.planned.report).map((v) => v.verdict);
}

async function previewOne(turn: AssetTurn, input: PreviewInput): Promise<AssetVerdict> {
  const { planned, context, eligibility } = turn;
  const { asset, handler } = planned;
  if (!eligibility.eligible)
    return { asset, ineligible: { cause: eligibility.cause, reason: eligibility.reason } };
  const desiredAfter = new Map<string, KubeObject | undefined>();
  const steps = tapped(previewSteps(input.depth), (name, desired) => desiredAfter.set(name, desired));
  const stop = await handler.reconcile({ asset, context }, { steps, deps: input.deps });
  return { asset, stop, desiredAfter };
}

/**
 * What a pass re-reads after the golden HCO step: after a write the server's answer (the dry-run
 * answer, or offline the desired fields merged over the current HCO, which is what a forced apply
 * of them leaves), otherwise the live HCO. Pure.
 */
export function effectiveHco(
  stop: Stop,
  current: KubeObject,
  dryRunOf: (key: string) => KubeObject | undefined = () => undefined,
): KubeObject {
  const { desired, live } = stop.state;
  if ((stop.stop !== 'created' && stop.stop !== 'applied') || !desired) return live ?? current;
  const key = objectKey({
    kind: desired.kind,
    name: desired.metadata.name,
    namespace: desired.metadata.namespace,
  });
  return dryRunOf(key) ?? (mergePatchValue(live ?? current, desired) as KubeObject);
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
