import type { KubeObject } from '../kube/types.js';
import { managersOwning } from './field-ownership.js';

/** Who is fighting the autopilot: the other field managers and the contested paths (dotted). */
export interface Attribution {
  managers: string[];
  paths: string[];
}

function pointerTokens(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** `spec.containers[0].image`; keys that contain dots or brackets are quoted: `labels["app.kubernetes.io/name"]`. */
export function dottedPath(tokens: readonly string[]): string {
  return tokens
    .map((token, i) => {
      if (/^(0|[1-9][0-9]*)$/.test(token)) return `[${token}]`;
      if (token === '' || /[.[\]"]/.test(token)) return `[${JSON.stringify(token)}]`;
      return i === 0 ? token : `.${token}`;
    })
    .join('');
}

/** Other managers whose latest entry is the most recent one (all of them when no time is known). */
function mostRecentOthers(live: KubeObject, self: string): string[] {
  const latest = new Map<string, number>();
  for (const entry of live.metadata.managedFields ?? []) {
    if (typeof entry.manager !== 'string' || entry.manager === self) continue;
    const time = Date.parse(entry.time ?? '');
    const known = Number.isNaN(time) ? -Infinity : time;
    latest.set(entry.manager, Math.max(latest.get(entry.manager) ?? -Infinity, known));
  }
  const newest = Math.max(...latest.values());
  return [...latest].filter(([, time]) => time === newest).map(([manager]) => manager);
}

function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

/**
 * Names who else owns the drifted fields, from the live object's managedFields (excluding
 * `selfManager`); when no field can be matched, the other managers that wrote most recently.
 */
export function attributeDrift(
  live: KubeObject,
  driftPaths: readonly string[],
  selfManager: string,
): Attribution {
  const managers: string[] = [];
  const matched: string[] = [];
  for (const pointer of driftPaths) {
    const tokens = pointerTokens(pointer);
    const owners = managersOwning(live, tokens, selfManager);
    if (owners.length === 0) continue;
    managers.push(...owners);
    matched.push(dottedPath(tokens));
  }
  if (managers.length > 0) return { managers: sortedUnique(managers), paths: sortedUnique(matched) };
  return {
    managers: sortedUnique(mostRecentOthers(live, selfManager)),
    paths: sortedUnique(driftPaths.map((p) => dottedPath(pointerTokens(p)))),
  };
}
