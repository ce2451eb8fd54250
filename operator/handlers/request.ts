/** What the work queue holds: the full pass, or one asset (after an event on its object). */
export type Request = { kind: 'pass' } | { kind: 'asset'; asset: string };

export const PASS: Request = { kind: 'pass' };
export const assetRequest = (asset: string): Request => ({ kind: 'asset', asset });

/** The queue key of a request: equal requests share one key, so the queue deduplicates them. */
export function requestKey(request: Request): string {
  return request.kind === 'asset' ? `asset/${request.asset}` : request.kind;
}
