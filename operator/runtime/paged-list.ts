import { KubeApiError } from '../errors.js';
import type { KubeClient } from '../kube/client.js';
import type { GroupVersionKind, KubeObject } from '../kube/types.js';

export interface ListSnapshot {
  items: KubeObject[];
  /** The resourceVersion of the snapshot: where a watch continues from. */
  resourceVersion: string;
}

export interface PagedListOptions {
  namespace?: string;
  labelSelector?: string;
  pageSize?: number;
  /**
   * Applied to each item as its page arrives, so only transformed objects accumulate: a list of
   * 2,000 Nodes then never holds more than one page of whole Nodes.
   */
  transform?: (obj: KubeObject) => KubeObject;
}

/**
 * Pages of 100: one page of 100 Nodes is ~1.7 MB of JSON, parsed to ~8 MB of objects before the
 * projection drops them; pages of 500 made the heap and malloc grow by five times that, and keep
 * it (2,000 Nodes: peak 155 -> 117 MiB, steady 136 -> 109 MiB; bench/README.md, "Memory").
 */
const DEFAULT_PAGE_SIZE = 100;

/**
 * Lists every object of a kind in pages of `pageSize` (default 100), all from one snapshot. When
 * the continue token expires mid-way (410), it lists again in one unpaginated request, as
 * client-go's pager does, instead of failing the whole relist.
 */
export async function listAll(
  client: KubeClient,
  gvk: GroupVersionKind,
  options: PagedListOptions = {},
): Promise<ListSnapshot> {
  const base = selectorOptions(options);
  const transform = options.transform ?? ((obj: KubeObject): KubeObject => obj);
  const items: KubeObject[] = [];
  let continueToken: string | undefined;
  let resourceVersion = '';
  do {
    let page;
    try {
      page = await client.list(gvk, {
        ...base,
        limit: options.pageSize ?? DEFAULT_PAGE_SIZE,
        ...(continueToken ? { continueToken } : {}),
      });
    } catch (err) {
      if (continueToken && err instanceof KubeApiError && err.isGone)
        return listUnpaged(client, gvk, base, transform);
      throw err;
    }
    for (const item of page.items) items.push(transform(item));
    resourceVersion = page.metadata.resourceVersion ?? resourceVersion;
    continueToken = page.metadata.continue || undefined;
  } while (continueToken);
  return { items, resourceVersion };
}

async function listUnpaged(
  client: KubeClient,
  gvk: GroupVersionKind,
  base: { namespace?: string; labelSelector?: string },
  transform: (obj: KubeObject) => KubeObject,
): Promise<ListSnapshot> {
  const list = await client.list(gvk, base);
  return { items: list.items.map(transform), resourceVersion: list.metadata.resourceVersion ?? '' };
}

function selectorOptions(options: PagedListOptions): { namespace?: string; labelSelector?: string } {
  return {
    ...(options.namespace ? { namespace: options.namespace } : {}),
    ...(options.labelSelector ? { labelSelector: options.labelSelector } : {}),
  };
}
