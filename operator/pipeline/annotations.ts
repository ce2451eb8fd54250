import { TerminalError } from '../errors.js';

/** The annotation keys users set on the HCO and on managed objects (SPEC §5). */
export const ANNOTATIONS = {
  patch: 'platform.kubevirt.io/patch',
  ignoreFields: 'platform.kubevirt.io/ignore-fields',
  ignoreAlias: 'platform.kubevirt.io/ignore',
  mode: 'platform.kubevirt.io/mode',
  forceReconcile: 'platform.kubevirt.io/force-reconcile',
  autopilot: 'platform.kubevirt.io/autopilot',
  disabledResources: 'platform.kubevirt.io/disabled-resources',
  managed: 'platform.kubevirt.io/managed',
} as const;

export const ANNOTATION_PREFIX = 'platform.kubevirt.io/';
export const MANAGED_BY_LABEL = 'platform.kubevirt.io/managed-by';
export const MANAGER = 'virt-platform-autopilot';
export const MAX_ANNOTATION_BYTES = 256 * 1024;

/** A user annotation that cannot be honoured: the object is held (no write) until it is fixed. */
export class AnnotationError extends TerminalError {
  constructor(
    readonly annotation: string,
    readonly problem: string,
  ) {
    super(`annotation ${annotation}: ${problem}`);
  }
}
