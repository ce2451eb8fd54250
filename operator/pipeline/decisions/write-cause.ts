import type { KubeObject } from '../../kube/types.js';
import { dottedPath } from '../../throttling/attribution.js';
import { fieldsOwnPath, managersOwning } from '../../throttling/field-ownership.js';
import { isPrefixOf, parsePointer } from './json-pointer.js';

/**
 * Why the autopilot writes an object, so Events and logs can say who changed what:
 * - `create`: the object did not exist;
 * - `adopt`: it existed but the autopilot never applied it (the golden HCO on first install);
 * - `foreign-drift`: another writer changed fields the autopilot manages (managers may be empty
 *   when nobody owns the changed field any more, e.g. it was removed);
 * - `customization`: the object's own `patch` annotation changed the desired object;
 * - `desired-changed`: the autopilot's desired state changed (template, HCO input, a removed
 *   customisation), on fields only the autopilot owns.
 */
export type WriteCause =
  | { cause: 'create' }
  | { cause: 'adopt' }
  | { cause: 'foreign-drift'; managers: string[]; paths: string[] }
  | { cause: 'customization'; paths: string[] }
  | { cause: 'desired-changed'; paths: string[] };

export interface WriteCauseInput {
  live: KubeObject | undefined;
  /** JSON Pointers where the server's dry-run answer differs from the live object. */
  driftPaths: readonly string[];
  /** JSON Pointers where the desired object differs from the template output (the user's patch). */
  customisedPaths: readonly string[];
  /** Whether the desired object changed since it was last applied or verified; undefined: unknown (restart). */
  desiredChanged: boolean | undefined;
  manager: string;
}

function tokensOf(pointer: string): string[] | undefined {
  const parsed = parsePointer(pointer);
  return parsed.ok ? parsed.tokens : undefined;
}

function ownedBy(live: KubeObject, tokens: readonly string[], manager: string): boolean {
  return (live.metadata.managedFields ?? []).some(
    (entry) => entry.manager === manager && fieldsOwnPath(entry.fieldsV1, live, tokens),
  );
}

/** Who the drifted path belongs to: another manager, our customisation, or our own desired change. */
function classifyPath(
  input: WriteCauseInput & { live: KubeObject },
  tokens: string[],
): { kind: 'foreign'; managers: string[] } | { kind: 'customization' | 'changed' } {
  const { live, manager } = input;
  const customised = input.customisedPaths.some((p) => {
    const other = tokensOf(p);
    return other !== undefined && (isPrefixOf(other, tokens) || isPrefixOf(tokens, other));
  });
  const others = managersOwning(live, tokens, manager);
  if (others.length > 0 && !customised) return { kind: 'foreign', managers: others };
  if (customised) return { kind: 'customization' };
  if (ownedBy(live, tokens, manager)) return { kind: 'changed' };
  // Nobody owns it: removed by someone else, or newly added by our own desired state.
  return input.desiredChanged === false ? { kind: 'foreign', managers: [] } : { kind: 'changed' };
}

/** Decides why a write happens (see WriteCause); foreign drift wins over our own changes. Pure. */
export function classifyWrite(input: WriteCauseInput): WriteCause {
  const { live } = input;
  if (!live) return { cause: 'create' };
  if (!(live.metadata.managedFields ?? []).some((entry) => entry.manager === input.manager)) {
    return { cause: 'adopt' };
  }
  const foreign = { managers: new Set<string>(), paths: [] as string[] };
  const customized: string[] = [];
  const changed: string[] = [];
  for (const pointer of input.driftPaths) {
    const tokens = tokensOf(pointer);
    if (!tokens) continue;
    const verdict = classifyPath({ ...input, live }, tokens);
    const dotted = dottedPath(tokens);
    if (verdict.kind === 'foreign') {
      verdict.managers.forEach((m) => foreign.managers.add(m));
      foreign.paths.push(dotted);
    } else (verdict.kind === 'customization' ? customized : changed).push(dotted);
  }
  if (foreign.paths.length > 0) {
    return { cause: 'foreign-drift', managers: [...foreign.managers].sort(), paths: foreign.paths };
  }
  if (customized.length > 0) return { cause: 'customization', paths: customized };
  return { cause: 'desired-changed', paths: changed };
}
