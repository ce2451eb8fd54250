import type { KubeObject } from '../kube/types.js';
import { ANNOTATIONS } from '../pipeline/annotations.js';
import { compareForDrift } from '../pipeline/decisions/drift.js';
import { isPrefixOf, lookup, parsePointer } from '../pipeline/decisions/json-pointer.js';

/** What one customisation annotation on the live object does to the desired object. */
export interface Customisation {
  annotation: string;
  /** `patch` changes the listed fields; `ignore` takes them out of the autopilot's hands. */
  effect: 'patch' | 'ignore';
  /** JSON Pointers of the fields it affects. */
  paths: string[];
}

/** One field the next reconcile would change. */
export interface FieldChange {
  path: string;
  live?: unknown;
  desired?: unknown;
  /** The customisation annotation that put this value into the desired object, if any. */
  via?: string;
}

/**
 * Attributes fields to the live object's annotations by comparing the desired object after
 * render, after the patch step and after the mask step (the pipeline's own steps). Pure.
 */
export function customisationsOf(input: {
  rendered: KubeObject | undefined;
  patched: KubeObject | undefined;
  masked: KubeObject | undefined;
  live: KubeObject | undefined;
}): Customisation[] {
  const { rendered, patched, masked, live } = input;
  const out: Customisation[] = [];
  const annotations = live?.metadata.annotations ?? {};
  if (rendered && patched && annotations[ANNOTATIONS.patch] !== undefined) {
    const paths = compareForDrift(patched, rendered).paths;
    if (paths.length > 0) out.push({ annotation: ANNOTATIONS.patch, effect: 'patch', paths });
  }
  const ignore =
    annotations[ANNOTATIONS.ignoreFields] !== undefined ? ANNOTATIONS.ignoreFields : ANNOTATIONS.ignoreAlias;
  if (patched && masked && annotations[ignore] !== undefined) {
    const paths = compareForDrift(masked, patched).paths;
    if (paths.length > 0) out.push({ annotation: ignore, effect: 'ignore', paths });
  }
  return out;
}

/**
 * The differing fields with their live and desired (server dry-run) values, each tagged with the
 * customisation whose fields overlap it. Pure.
 */
export function fieldChanges(input: {
  paths: readonly string[];
  live: KubeObject;
  desired: KubeObject;
  customisations: readonly Customisation[];
}): FieldChange[] {
  return input.paths.map((path) => {
    const tokens = tokensOf(path);
    const live = tokens ? lookup(input.live, tokens) : { found: false as const };
    const desired = tokens ? lookup(input.desired, tokens) : { found: false as const };
    const via = input.customisations.find((c) => c.paths.some((p) => overlaps(tokensOf(p), tokens)));
    return {
      path,
      ...(live.found ? { live: live.value } : {}),
      ...(desired.found ? { desired: desired.value } : {}),
      ...(via ? { via: via.annotation } : {}),
    };
  });
}

/** Paths come from compareForDrift, so they parse; an unparsable one overlaps nothing. */
function tokensOf(pointer: string): string[] | undefined {
  const parsed = parsePointer(pointer);
  return parsed.ok ? parsed.tokens : undefined;
}

/** One field contains the other (or they are the same field). */
function overlaps(a: string[] | undefined, b: string[] | undefined): boolean {
  return a !== undefined && b !== undefined && (isPrefixOf(a, b) || isPrefixOf(b, a));
}
