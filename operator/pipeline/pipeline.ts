import { applyStep } from './steps/apply.js';
import { attributeStep } from './steps/attribute.js';
import { driftStep } from './steps/drift.js';
import { excludeStep } from './steps/exclude.js';
import { forceStep } from './steps/force.js';
import { foreignKubeletConfigStep } from './steps/foreign-kubelet-config.js';
import { gateStep } from './steps/gate.js';
import { maskStep } from './steps/mask.js';
import { mergeLiveStep } from './steps/merge-live.js';
import { optOutStep } from './steps/opt-out.js';
import { patchStep } from './steps/patch.js';
import { poolStep } from './steps/pool.js';
import { readLiveStep } from './steps/read-live.js';
import { renderStep } from './steps/render.js';
import { waitStep } from './steps/wait.js';
import { isStop, type PipelineState, type Step, type StepDeps, type Stop } from './step.js';

/** The Patched Baseline, in order (SPEC §4). Recording (step 10) is the caller's, from the Stop. */
export const PATCHED_BASELINE: readonly Step[] = [
  renderStep,
  excludeStep,
  readLiveStep,
  forceStep,
  optOutStep,
  foreignKubeletConfigStep,
  mergeLiveStep,
  patchStep,
  maskStep,
  waitStep,
  driftStep,
  poolStep,
  gateStep,
  attributeStep,
  applyStep,
];

/** Runs one asset through the steps until one of them stops. */
export async function runPipeline(
  initial: PipelineState,
  deps: StepDeps,
  steps = PATCHED_BASELINE,
): Promise<Stop> {
  let state = initial;
  for (const step of steps) {
    const result = await step.run(state, deps);
    if (isStop(result)) return result;
    state = result.next;
  }
  return { stop: 'failed', state, reason: 'pipeline ended without an outcome' };
}
