import type { NodeKubeClient } from '../operator/kube/node-client.js';
import type { KubeObject } from '../operator/kube/types.js';
import { realisticNode } from '../tests/support/realistic-nodes.js';
import { NS } from './cluster.js';
import { runConcurrently } from './phases.js';

const HCO_GVK = { group: 'hco.kubevirt.io', version: 'v1', kind: 'HyperConverged' };
const HCO_NAME = 'kubevirt-hyperconverged';
// The sample platform's only USB Node; the realistic Nodes show no USB device.
const USB_NODE = { apiVersion: 'v1', kind: 'Node', name: 'usb-worker-0' };
const USB_LABEL = 'feature.node.kubernetes.io/usb-ff_1050_0407.present';

/** Creates `count` OpenShift-like Nodes (about 17 KiB each, with status), 8 at a time. */
export async function seedRealisticNodes(client: NodeKubeClient, count: number): Promise<void> {
  await runConcurrently(count, 8, (i) =>
    client.apply(realisticNode(i, i < 3 ? 'master' : 'worker'), {
      fieldManager: 'bench-nodes',
      force: true,
      dryRun: false,
    }),
  );
}

const usbRendered = (hco: KubeObject): boolean =>
  (hco.spec as { virtualization?: { permittedHostDevices?: { usbHostDevices?: unknown } } } | undefined)
    ?.virtualization?.permittedHostDevices?.usbHostDevices !== undefined;

/**
 * Flips the USB device label of one Node `flips` times; each latency runs from sending the label
 * change until the bench's HCO watch shows the re-rendered HCO (USB passthrough there or gone).
 */
export async function nodeLabelLatencies(client: NodeKubeClient, flips: number): Promise<number[]> {
  let waiter: ((hco: KubeObject) => void) | undefined;
  const start = await client.get({
    apiVersion: 'hco.kubevirt.io/v1',
    kind: 'HyperConverged',
    name: HCO_NAME,
    namespace: NS,
  });
  let present = start !== undefined && usbRendered(start);
  const watch = await client.watch(
    HCO_GVK,
    {
      namespace: NS,
      fieldSelector: `metadata.name=${HCO_NAME}`,
      resourceVersion: start?.metadata.resourceVersion ?? '0',
    },
    (event) => waiter?.(event.object),
  );
  const latencies: number[] = [];
  try {
    for (let i = 0; i < flips; i++) {
      const want = !present;
      const rendered = new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`label flip ${i} not rendered within 60 s`)), 60_000);
        waiter = (hco) => {
          if (usbRendered(hco) !== want) return;
          clearTimeout(timer);
          resolve(performance.now());
        };
      });
      const sent = performance.now();
      await client.mergePatch(
        USB_NODE,
        { metadata: { labels: { [USB_LABEL]: want ? 'true' : 'false' } } },
        { fieldManager: 'bench-nodes' },
      );
      latencies.push((await rendered) - sent);
      present = want;
    }
  } finally {
    watch.stop();
  }
  return latencies;
}
