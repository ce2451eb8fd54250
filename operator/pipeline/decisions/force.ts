/**
 * Whether a force-reconcile value is new. `previous` is what the autopilot saw last on this
 * object (`seen: null` = the object carried none), `undefined` when it never saw the object since
 * the process started: a value found on first sight is not new, so a restart grants no free writes.
 */
export function isNewForceValue(
  previous: { seen: string | null } | undefined,
  value: string | undefined,
): boolean {
  if (previous === undefined || value === undefined) return false;
  return value !== previous.seen;
}
