import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TemplateRenderer } from '../../../operator/assets/renderer.js';
import type { NodeKubeClient } from '../../../operator/kube/node-client.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import { adminClient } from '../../support/cluster.js';
import { ALL_HARDWARE, contextFor, realCatalog, TEMPLATES_DIR } from '../../unit/assets/support/fixtures.js';

const MANAGER = 'virt-platform-autopilot';

/** Paths of leaves we sent that the server dropped (pruned unknown fields) or changed. */
function notKept(sent: unknown, got: unknown, at = ''): string[] {
  if (typeof sent !== 'object' || sent === null) return Object.is(sent, got) ? [] : [at || '/'];
  if (typeof got !== 'object' || got === null) return [at || '/'];
  const keys = Array.isArray(sent) ? sent.map((_, i) => String(i)) : Object.keys(sent);
  return keys.flatMap((k) =>
    notKept((sent as Record<string, unknown>)[k], (got as Record<string, unknown>)[k], `${at}/${k}`),
  );
}

const catalog = realCatalog();
const context = { ...contextFor('fully-opted-in', 'all-hardware'), hardware: ALL_HARDWARE };
const renderer = new TemplateRenderer(TEMPLATES_DIR);
const rendered = new Map(catalog.assets.map((a) => [a.name, renderer.render(a, context)]));

describe('every asset rendered from the fully opted-in HCO is accepted by the API server', () => {
  let client: NodeKubeClient;

  beforeAll(async () => {
    client = adminClient();
    const namespaces = new Set([...rendered.values()].map((o) => o?.metadata.namespace).filter(Boolean));
    for (const name of namespaces) {
      const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: name as string } };
      await client.apply(ns, { fieldManager: 'autopilot-tests', force: true, dryRun: false });
    }
  });
  afterAll(() => client.close());

  it.each(catalog.assets.map((a) => a.name))(
    '%s passes a server-side dry-run apply with every field kept',
    async (name) => {
      const desired = rendered.get(name);
      expect(desired).toBeDefined();

      const answer = await client.apply(desired as KubeObject, {
        fieldManager: MANAGER,
        force: true,
        dryRun: true,
      });

      expect(answer.metadata.name).toBe(desired?.metadata.name);
      expect(notKept(desired, answer)).toEqual([]);
    },
  );
});
