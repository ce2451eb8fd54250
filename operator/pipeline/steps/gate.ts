import { keyOfObject } from '../../kube/types.js';
import { attributeDrift } from '../../throttling/attribution.js';
import { lastOwnWriteMs } from '../../throttling/restart-evidence.js';
import { MANAGER } from '../annotations.js';
import type { Step } from '../step.js';

/**
 * Step 8: corrections of someone else's change spend a token from the object's bucket (re-creating
 * an object someone deleted too). Free: the first creation, a write because our own intent changed (template, HCO, the object's customisation
 * annotations, decided before masking), and one write per new force-reconcile value. An empty
 * bucket defers (never drops) the correction and starts the object's wait for its next token.
 */
export const gateStep: Step = {
  name: 'gate',
  async run(state, deps) {
    const { desired, live } = state;
    if (!desired) return { next: state };
    const key = keyOfObject(desired);
    const lastIntent = deps.verified.lastIntent(key);
    const intentChanged = lastIntent !== undefined && lastIntent !== state.intentHash;
    // Only the first creation is free: an object this process already tracks that is gone again
    // was deleted by someone else, and re-creating it is a correction like any other (a deletion
    // war must not re-create a MachineConfig, a pool reboot each, without limit).
    const recreation = !live && deps.tokens.has(key);
    const free = recreation
      ? state.forced || intentChanged
      : !live || state.forced || lastIntent !== state.intentHash;
    // A write known to be free (not merely unknown after a restart) starts this process's bucket
    // for the object; without one, the bucket is seeded from the autopilot's last write (managedFields).
    if (!live || state.forced || intentChanged) deps.tokens.track(key, desired.kind);
    if (free) return { next: state };
    const taken = deps.tokens.take(key, desired.kind, live ? lastOwnWriteMs(live, MANAGER) : undefined);
    if (taken.ok) return { next: state };
    deps.throttle.waitUntil.set(key, deps.clock.now() + taken.retryAfterMs);
    const competitors = live
      ? attributeDrift(live, state.drift?.paths ?? [], MANAGER)
      : { managers: [], paths: [] };
    const what = live ? 'correction' : 're-creation (the object keeps being deleted)';
    return {
      stop: 'deferred',
      state,
      retryAfterMs: taken.retryAfterMs,
      competitors,
      reason: `throttled: token bucket for ${key} is empty; next ${what} in ${Math.ceil(taken.retryAfterMs / 1000)}s`,
    };
  },
};
