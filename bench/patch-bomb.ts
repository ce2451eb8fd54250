/**
 * Peak memory of evaluating a copy-bomb patch annotation (issue 14): `add {}` plus two `copy`
 * ops per level doubles the value at every level. Run under `/usr/bin/time -v` (maximum resident
 * set size) with the Deployment's heap flag, e.g.
 *   /usr/bin/time -v node --max-old-space-size=160 --import tsx bench/patch-bomb.ts 20
 * Prints the annotation size and the outcome (held with the problem, or the patched size).
 */
import { applyUserPatch, parsePatch } from '../operator/pipeline/decisions/patch.js';
import type { KubeObject } from '../operator/kube/types.js';

export function copyBomb(levels: number): string {
  const ops: object[] = [{ op: 'add', path: '/spec/l0', value: { x: 'payload' } }];
  for (let i = 1; i <= levels; i++) {
    ops.push({ op: 'add', path: `/spec/l${i}`, value: {} });
    ops.push({ op: 'copy', from: `/spec/l${i - 1}`, path: `/spec/l${i}/a` });
    ops.push({ op: 'copy', from: `/spec/l${i - 1}`, path: `/spec/l${i}/b` });
  }
  return JSON.stringify(ops);
}

const service: KubeObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'virt-platform-autopilot-metrics', namespace: 'openshift-cnv' },
  spec: { selector: { app: 'virt-platform-autopilot' }, ports: [{ name: 'metrics', port: 8080 }] },
};

if (process.argv[1]?.endsWith('patch-bomb.ts')) {
  const levels = Number(process.argv[2] ?? '20');
  const text = copyBomb(levels);
  let outcome: string;
  try {
    const patched = applyUserPatch(service, parsePatch(text));
    outcome = `applied: ${JSON.stringify(patched).length} bytes`;
  } catch (err) {
    outcome = `held: ${(err as Error).message}`;
  }
  const mib = (n: number): string => `${(n / 1048576).toFixed(1)} MiB`;
  const { rss, heapUsed } = process.memoryUsage();
  console.log(`levels=${levels} annotation=${text.length} bytes; ${outcome}`);
  console.log(`rss now ${mib(rss)}, heap used ${mib(heapUsed)}`);
}
