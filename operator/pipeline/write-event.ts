import { REASONS, type Reason } from '../observability/events.js';
import type { WriteCause } from './decisions/write-cause.js';

/** The Event reason and note for a write, by its cause. Pure. */
export function writeEvent(write: WriteCause | undefined, asset: string): { reason: Reason; note: string } {
  const fields = (paths: readonly string[]): string => (paths.length ? paths.join(', ') : 'the object');
  switch (write?.cause) {
    case undefined:
    case 'create':
      return { reason: REASONS.Created, note: `Created by asset ${asset}` };
    case 'adopt':
      return {
        reason: REASONS.Adopted,
        note: `Took over the existing object: applied asset ${asset}'s desired state for the first time`,
      };
    case 'foreign-drift': {
      const who = write.managers.length ? write.managers.join(', ') : 'an unknown writer';
      return {
        reason: REASONS.DriftCorrected,
        note: `Corrected drift by ${who} on ${fields(write.paths)} (asset ${asset})`,
      };
    }
    case 'customization':
      return {
        reason: REASONS.CustomizationApplied,
        note: `Applied the object's platform.kubevirt.io/patch annotation to ${fields(write.paths)} (asset ${asset})`,
      };
    case 'desired-changed':
      return {
        reason: REASONS.Updated,
        note: `Desired state changed (template, HyperConverged input or a removed customisation): updated ${fields(write.paths)} (asset ${asset})`,
      };
  }
}

/** What a transition in or out of `mode: unmanaged` says. Pure. */
export function unmanagedEvent(optedOut: boolean, asset: string): { reason: Reason; note: string } {
  return optedOut
    ? {
        reason: REASONS.Unmanaged,
        note: `platform.kubevirt.io/mode=unmanaged: the autopilot no longer changes this object (asset ${asset}); remove the annotation to hand it back`,
      }
    : {
        reason: REASONS.Managed,
        note: `platform.kubevirt.io/mode=unmanaged was removed: the autopilot manages this object again (asset ${asset})`,
      };
}
