import { describe, expect, it } from '@jest/globals';
import type { WriteCause } from '../../../operator/pipeline/decisions/write-cause.js';
import { unmanagedEvent, writeEvent } from '../../../operator/pipeline/write-event.js';

describe('writeEvent: the reason and note of a write, by its cause', () => {
  it.each<[string, WriteCause | undefined, string, string]>([
    ['no cause recorded (a creation)', undefined, 'Created', 'Created by asset a'],
    ['a creation', { cause: 'create' }, 'Created', 'Created by asset a'],
    [
      'an adoption',
      { cause: 'adopt' },
      'Adopted',
      "Took over the existing object: applied asset a's desired state for the first time",
    ],
    [
      'foreign drift by two managers on two fields',
      { cause: 'foreign-drift', managers: ['hpa', 'kubectl'], paths: ['spec.a', 'spec.b'] },
      'DriftCorrected',
      'Corrected drift by hpa, kubectl on spec.a, spec.b (asset a)',
    ],
    [
      'foreign drift nobody owns, no paths',
      { cause: 'foreign-drift', managers: [], paths: [] },
      'DriftCorrected',
      'Corrected drift by an unknown writer on the object (asset a)',
    ],
    [
      'a customisation',
      { cause: 'customization', paths: ['spec.a', 'spec.b'] },
      'CustomizationApplied',
      "Applied the object's platform.kubevirt.io/patch annotation to spec.a, spec.b (asset a)",
    ],
    [
      'a customisation without paths',
      { cause: 'customization', paths: [] },
      'CustomizationApplied',
      "Applied the object's platform.kubevirt.io/patch annotation to the object (asset a)",
    ],
    [
      'our desired state changed',
      { cause: 'desired-changed', paths: ['spec.a'] },
      'Updated',
      'Desired state changed (template, HyperConverged input or a removed customisation): updated spec.a (asset a)',
    ],
  ])('%s', (_case, write, reason, note) => {
    expect(writeEvent(write, 'a')).toEqual({ reason, note });
  });
});

describe('unmanagedEvent', () => {
  it.each<[boolean, string, string]>([
    [
      true,
      'Unmanaged',
      'platform.kubevirt.io/mode=unmanaged: the autopilot no longer changes this object (asset a); remove the annotation to hand it back',
    ],
    [
      false,
      'Managed',
      'platform.kubevirt.io/mode=unmanaged was removed: the autopilot manages this object again (asset a)',
    ],
  ])('opted out %s: %s', (optedOut, reason, note) => {
    expect(unmanagedEvent(optedOut, 'a')).toEqual({ reason, note });
  });
});
