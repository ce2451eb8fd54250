import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeClient } from '../../../operator/kube/client.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import { waitFor } from './process.js';

const CRD = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition' };

/** Every CustomResourceDefinition document in the YAML files below `dir` (recursively). */
export function readCrds(dir: string): KubeObject[] {
  const out: KubeObject[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...readCrds(full));
    else if (/\.ya?ml$/.test(entry)) {
      for (const doc of parseAllDocuments(readFileSync(full, 'utf8'))) {
        const obj = doc.toJS() as KubeObject | null;
        if (obj?.kind === 'CustomResourceDefinition') out.push(obj);
      }
    }
  }
  return out;
}

/** Creates (or updates) the CRDs and waits until every served version is in discovery. */
export async function installCrds(client: KubeClient, crds: KubeObject[]): Promise<void> {
  for (const crd of crds) {
    delete crd.metadata.creationTimestamp;
    await client.apply({ ...crd, ...CRD }, { fieldManager: 'autopilot-tests', force: true, dryRun: false });
  }
  for (const crd of crds) await waitForCrdServed(client, crd);
}

export async function waitForCrdServed(client: KubeClient, crd: KubeObject): Promise<void> {
  const spec = crd.spec as {
    group: string;
    names: { kind: string };
    versions: { name: string; served: boolean }[];
  };
  for (const v of spec.versions.filter((x) => x.served)) {
    await waitFor(
      `${spec.names.kind}.${v.name}.${spec.group} served`,
      async () => {
        client.invalidateDiscovery();
        return (
          (await client.resolve({ group: spec.group, version: v.name, kind: spec.names.kind })) !== undefined
        );
      },
      30_000,
      100,
    );
  }
}

/** Deletes a CRD and waits until it is gone from the server and from discovery. */
export async function deleteCrd(client: KubeClient, crd: KubeObject): Promise<void> {
  const ref = { ...CRD, name: crd.metadata.name ?? '' };
  await client.delete(ref);
  await waitFor(`CRD ${ref.name} deleted`, async () => (await client.get(ref)) === undefined, 60_000, 100);
}
