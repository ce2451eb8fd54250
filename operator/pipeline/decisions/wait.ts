/**
 * How long an object deferred by the token bucket still waits (ms); 0 = run now. The wait ends
 * at its time, on a new force-reconcile value, or when the autopilot's own intent changed.
 */
export function waitRemaining(input: {
  until: number | undefined;
  now: number;
  forced: boolean;
  intentChanged: boolean;
}): number {
  const { until, now, forced, intentChanged } = input;
  if (until === undefined || forced || intentChanged) return 0;
  return Math.max(0, until - now);
}
