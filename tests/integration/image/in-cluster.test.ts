// Slow (a private control plane and the operator in a container): run this file on its own.
// Runs the BUILT image (hack/image/build.sh) as the operator the way a pod would: the generated
// ServiceAccount's token and the cluster CA mounted where a kubelet puts them, the `kubernetes`
// Service env, no kubeconfig, the Deployment's security context and limits, the generated RBAC.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync, rmSync } from 'node:fs';
import { loadKubeConfig, NodeKubeClient } from '../../../operator/kube/node-client.js';
import type { KubeObject } from '../../../operator/kube/types.js';
import { eventually } from '../../support/cluster.js';
import { ControlPlane } from '../../support/control-plane/control-plane.js';
import { installCrds, readCrds } from '../../support/control-plane/crds.js';
import { freePort } from '../../support/control-plane/process.js';
import { podRunArgs } from '../../support/image/pod-args.js';
import { containerPid, IMAGES, imageUnavailable, imageUser, podman } from '../../support/image/podman.js';
import { projectServiceAccount } from '../../support/image/service-account.js';
import { metricValue } from '../../support/operator.js';
import { crdDir, localCrdDir } from '../../support/paths.js';
import { kustomizeBuild } from '../manifests/kubectl.js';
import { expectedObjects, NS, RELATED_IMAGES_ENV, seedCluster } from '../manifests/rbac-plane.js';

const SA = 'virt-platform-autopilot';
const RBAC_KINDS = ['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'];
const SERVICE = { apiVersion: 'v1', kind: 'Service', name: 'virt-platform-autopilot-metrics', namespace: NS };
const APPLY = { fieldManager: 'autopilot-tests', force: true, dryRun: false };
const CONVERGE_MS = 180_000;

const required = process.env.AUTOPILOT_IMAGE_REQUIRED === '1';

/** Status fields of a host process (/proc/<pid>/status), e.g. Uid, CapEff. */
const procStatus = (pid: number): Record<string, string> =>
  Object.fromEntries(
    readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .map((l) => l.split(':\t') as [string, string]),
  );
/** Mount options of the container's root filesystem, as its process sees it. */
const rootMountOptions = (pid: number): string[] => {
  const line = readFileSync(`/proc/${pid}/mountinfo`, 'utf8')
    .split('\n')
    .find((l) => l.split(' ')[4] === '/');
  return (line?.split(' ')[5] ?? '').split(',');
};

for (const [index, IMAGE] of IMAGES.entries()) {
  const unavailable = imageUnavailable(IMAGE);
  const suite = unavailable && !required ? describe.skip : describe;
  if (unavailable && !required)
    console.warn(`[image] skipping the in-cluster test of ${IMAGE}: ${unavailable}`);
  const POD = `autopilot-image-${process.pid}-${index}`;

  suite(
    `the built image ${IMAGE} runs as the operator in-cluster${unavailable ? ` (skipped: ${unavailable})` : ''}`,
    () => {
      const expected = expectedObjects();
      let plane: ControlPlane;
      let admin: NodeKubeClient;
      let saDir: string;
      let urls: { metrics: string; health: string };
      let startedAt: number;
      const logs = (): string => podman(['logs', POD]);
      const scrape = async (): Promise<string> => (await fetch(`${urls.metrics}/metrics`)).text();

      beforeAll(async () => {
        if (unavailable) throw new Error(`AUTOPILOT_IMAGE_REQUIRED=1 but ${unavailable}`);
        plane = new ControlPlane();
        await plane.start();
        admin = new NodeKubeClient(loadKubeConfig(plane.kubeconfigPath));
        await installCrds(admin, [...readCrds(crdDir), ...readCrds(localCrdDir)]);
        await seedCluster(admin, expected);
        const manifests = kustomizeBuild('manifests/overlays/openshift');
        for (const obj of manifests.filter((o) => RBAC_KINDS.includes(o.kind))) await admin.apply(obj, APPLY);
        saDir = projectServiceAccount(plane, NS, SA);
        const [metrics, health, debug] = [await freePort(), await freePort(), await freePort()];
        urls = { metrics: `http://127.0.0.1:${metrics}`, health: `http://127.0.0.1:${health}` };
        const args = podRunArgs(manifests.find((o) => o.kind === 'Deployment') as KubeObject, {
          name: POD,
          image: IMAGE,
          fields: { 'metadata.namespace': NS, 'metadata.name': POD },
          serviceAccountDir: saDir,
          apiServer: { host: '127.0.0.1', port: plane.apiPort },
          extraArgs: [
            `--metrics-bind-address=127.0.0.1:${metrics}`,
            `--health-probe-bind-address=127.0.0.1:${health}`,
            `--debug-bind-address=127.0.0.1:${debug}`,
          ],
        });
        // The expected objects include the image-gated assets (the metrics exporter): the pod gets
        // the same RELATED_IMAGE_* variables an OLM install's CSV gives the operator.
        const relatedImages = Object.entries(RELATED_IMAGES_ENV).flatMap(([k, v]) => ['--env', `${k}=${v}`]);
        args.splice(args.indexOf(IMAGE), 0, ...relatedImages);
        startedAt = Date.now();
        podman(args);
      }, 180_000);

      afterAll(async () => {
        if (unavailable) return;
        podman(['rm', '--force', '--ignore', POD]);
        if (saDir) rmSync(saDir, { recursive: true, force: true });
        admin?.close();
        await plane?.stop();
      });

      it('becomes ready and serves /readyz and /metrics', async () => {
        await eventually(async () => (await fetch(`${urls.health}/readyz`)).status === 200, {
          timeoutMs: 60_000,
          what: `/readyz of ${POD}`,
        });
        const readyMs = Date.now() - startedAt;

        const metrics = await scrape();
        expect(metrics).toContain('# TYPE virt_platform_compliance_status gauge');
        expect(metrics).toMatch(/^process_resident_memory_bytes \d+/m);
        console.log(`[image] figures ${IMAGE} ready_ms=${readyMs} (podman run to /readyz 200)`);
      });

      it('runs as a non-root user, with no capabilities, on a read-only root filesystem', () => {
        const pid = containerPid(POD);

        const status = procStatus(pid);

        expect(imageUser(IMAGE)).toMatch(/^[1-9]\d*(:\d+)?$/);
        expect((status.Uid ?? '').split('\t').map(Number)).not.toContain(0);
        expect(status.CapEff).toBe('0000000000000000');
        expect(status.NoNewPrivs).toBe('1');
        expect(rootMountOptions(pid)).toContain('ro');
        expect(
          podman(['exec', POD, 'node', '-e', 'console.log(Object.keys(process.env).join())']),
        ).not.toMatch(/KUBECONFIG/);
      });

      it(
        'converges every asset of a fully opted-in HCO with the generated RBAC only',
        async () => {
          for (const ref of expected) {
            await eventually(
              async () => metricValue(await scrape(), 'virt_platform_compliance_status', { ...ref }) === 1,
              {
                timeoutMs: CONVERGE_MS,
                what: `compliance of ${ref.kind}/${ref.name} (logs: ${logs().slice(-2000)})`,
              },
            );
          }

          expect(
            logs()
              .split('\n')
              .filter((l) => /forbidden/i.test(l)),
          ).toEqual([]);
          const rss = Number(procStatus(containerPid(POD)).VmRSS?.replace(/\D/g, '')) / 1024;
          console.log(
            `[image] figures ${IMAGE} rss_mb=${rss.toFixed(0)} (VmRSS after converging ${expected.length} objects)`,
          );
        },
        CONVERGE_MS + 60_000,
      );

      it('corrects a drift of a managed field', async () => {
        await admin.mergePatch(
          SERVICE,
          { spec: { selector: { app: 'drifted' } } },
          { fieldManager: 'foreign-editor' },
        );

        await eventually(
          async () => {
            const live = await admin.get(SERVICE);
            return (live?.spec as { selector?: { app?: string } } | undefined)?.selector?.app === SA;
          },
          { timeoutMs: 60_000, what: 'the metrics Service selector restored' },
        );
      });

      it('stops cleanly on SIGTERM and hands the leader Lease back', async () => {
        podman(['kill', '--signal=TERM', POD]);

        const exitCode = podman(['wait', POD]).trim();

        expect(exitCode).toBe('0');
        const lease = await admin.get({
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          name: SA,
          namespace: NS,
        });
        expect((lease?.spec as { holderIdentity?: string } | undefined)?.holderIdentity).toBe('');
        expect(logs()).toContain('leader lease released');
      }, 60_000);
    },
  );
}
