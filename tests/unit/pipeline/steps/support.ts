import type { AssetDefinition } from '../../../../operator/assets/catalog.js';
import type { RenderContext } from '../../../../operator/assets/context.js';
import { MapVerifiedCache, newThrottleMemory } from '../../../../operator/handlers/live-reader.js';
import { keyOfObject, refOf, type KubeObject } from '../../../../operator/kube/types.js';
import { createLogger } from '../../../../operator/observability/logger.js';
import type { PipelineState, StepDeps } from '../../../../operator/pipeline/step.js';
import { defaultThrottleConfig, TokenBuckets } from '../../../../operator/throttling/token-bucket.js';
import { FakeKubeClient } from '../../../support/fake-kube-client.js';
import { FakeClock } from '../../throttling/fake-clock.js';

export const ASSET: AssetDefinition = {
  name: 'metrics-service',
  template: 'observability/metrics-service.yaml.njk',
  component: 'Service',
  apiVersion: 'v1',
  reconcileOrder: 1,
  tier: 'always-on',
  install: 'always',
  params: {},
  conditions: [],
  features: [],
  gateKinds: [],
};

export function hcoObject(annotations: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'hco.kubevirt.io/v1',
    kind: 'HyperConverged',
    metadata: { name: 'kubevirt-hyperconverged', namespace: 'ns', annotations },
    spec: {},
  };
}

export function context(hcoAnnotations: Record<string, string> = {}): RenderContext {
  return {
    hco: hcoObject(hcoAnnotations),
    namespace: 'ns',
    hardware: {
      pciDevicesPresent: false,
      numaNodesPresent: false,
      vfioCapable: false,
      usbDevicesPresent: false,
      gpuPresent: false,
    },
    topology: {} as RenderContext['topology'],
    images: {},
    params: {},
    features: {},
    served: () => true,
    schemas: {},
  };
}

/** The object the test "template" renders: a Service with a selector and one port. */
export function service(
  overrides: { app?: string; port?: number; annotations?: Record<string, string>; rv?: string } = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'metrics',
      namespace: 'ns',
      ...(overrides.annotations ? { annotations: overrides.annotations } : {}),
      ...(overrides.rv ? { resourceVersion: overrides.rv } : {}),
    },
    spec: { selector: { app: overrides.app ?? 'autopilot' }, ports: [{ port: overrides.port ?? 8443 }] },
  };
}

export function state(overrides: Partial<PipelineState> = {}): PipelineState {
  return { asset: ASSET, context: context(), customizations: [], forced: false, ...overrides };
}

export interface Harness {
  deps: StepDeps;
  client: FakeKubeClient;
  clock: FakeClock;
  tokens: TokenBuckets;
  verified: MapVerifiedCache;
}

/** StepDeps over a fake API server, a fake clock and a bucket of `burst` tokens (1 per minute). */
export function harness(
  options: { burst?: number; render?: (s: PipelineState) => KubeObject | undefined } = {},
): Harness {
  const client = new FakeKubeClient();
  const clock = new FakeClock();
  const tokens = new TokenBuckets(
    clock,
    defaultThrottleConfig({ default: { burst: options.burst ?? 5, refillPerMinute: 1 } }),
  );
  const verified = new MapVerifiedCache();
  const deps: StepDeps = {
    client,
    live: {
      read: (desired) => client.get(refOf(desired)),
      namespaceExists: async (name) =>
        (await client.get({ apiVersion: 'v1', kind: 'Namespace', name })) !== undefined,
    },
    tokens,
    verified,
    throttle: newThrottleMemory(),
    clock,
    logger: createLogger({ level: 'error' }),
    render: options.render ?? (() => service()),
  };
  return { deps, client, clock, tokens, verified };
}

export const keyOf = (obj: KubeObject): string => keyOfObject(obj);
