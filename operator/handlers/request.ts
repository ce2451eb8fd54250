/** What the work queue holds: the full pass, one asset (after an event on its object), or a CRD re-check. */
export type Request = { kind: 'pass' } | { kind: 'asset'; asset: string } | { kind: 'crds' };

export const PASS: Request = { kind: 'pass' };
export const CRDS: Request = { kind: 'crds' };
export const assetRequest = (asset: string): Request => ({ kind: 'asset', asset });

/** The queue key of a request: equal requests share one key, so the queue deduplicates them. */
export function requestKey(request: Request): string {
  return request.kind === 'asset' ? `asset/${request.asset}` : request.kind;
}
