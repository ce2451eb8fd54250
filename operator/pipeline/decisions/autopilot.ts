/** What the HCO's autopilot annotation switches on. */
export type AutopilotSelection =
  | { kind: 'all' }
  | { kind: 'off' }
  | { kind: 'allowlist'; names: ReadonlySet<string> };

/**
 * The master switch: absent or `true` selects every asset, `false` none; anything else is a
 * comma-separated list of asset or group names (trimmed, case-sensitive; an empty list is off).
 * Never throws: unknown names simply match nothing.
 */
export function parseAutopilot(value: string | undefined): AutopilotSelection {
  const trimmed = value?.trim();
  if (trimmed === undefined || trimmed === 'true') return { kind: 'all' };
  if (trimmed === 'false') return { kind: 'off' };
  const names = new Set(
    trimmed
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== ''),
  );
  return names.size === 0 ? { kind: 'off' } : { kind: 'allowlist', names };
}

/**
 * Whether an asset passes the switch: listed by its own name, its group's, or (for a node
 * tuning's per-pool variant) its catalog entry's name, so `swap-enable` selects every pool's copy.
 */
export function isSelected(
  sel: AutopilotSelection,
  asset: { name: string; group?: string; family?: string },
): boolean {
  if (sel.kind !== 'allowlist') return sel.kind === 'all';
  const listed = (name: string | undefined): boolean => name !== undefined && sel.names.has(name);
  return listed(asset.name) || listed(asset.group) || listed(asset.family);
}
