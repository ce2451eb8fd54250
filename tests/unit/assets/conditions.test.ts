import { describe, expect, it } from '@jest/globals';
import type { Condition } from '../../../operator/assets/catalog.js';
import {
  describeCondition,
  evaluateCondition,
  evaluateConditions,
  featureGateEnabled,
} from '../../../operator/assets/conditions.js';
import { buildRenderContext, type RenderContext } from '../../../operator/assets/context.js';
import { NO_HARDWARE } from '../../../operator/assets/hardware.js';
import type { KubeObject } from '../../../operator/kube/types.js';

function contextWith(
  hco: Partial<KubeObject> & { spec?: unknown },
  extra: Partial<RenderContext> = {},
): RenderContext {
  const base = buildRenderContext({
    hco: {
      apiVersion: 'hco.kubevirt.io/v1',
      kind: 'HyperConverged',
      metadata: { name: 'h', namespace: 'ns' },
      ...hco,
    },
    nodes: [],
    env: {},
  });
  return { ...base, ...extra };
}

const annotated = (annotations: Record<string, string>): RenderContext =>
  contextWith({ metadata: { name: 'h', annotations } });

const MTV: Condition = { type: 'annotation', key: 'platform.kubevirt.io/enable-mtv', value: 'true' };

describe('condition evaluation', () => {
  it.each<[string, Condition, RenderContext, string | undefined]>([
    [
      'annotation equal to the value',
      MTV,
      annotated({ 'platform.kubevirt.io/enable-mtv': 'true' }),
      undefined,
    ],
    [
      'annotation with another value',
      MTV,
      annotated({ 'platform.kubevirt.io/enable-mtv': 'True' }),
      'annotation platform.kubevirt.io/enable-mtv is not "true"',
    ],
    ['annotation absent', MTV, annotated({}), 'annotation platform.kubevirt.io/enable-mtv is not "true"'],
    [
      'annotation present (no value asked)',
      { type: 'annotation', key: 'a.io/b' },
      annotated({ 'a.io/b': '' }),
      undefined,
    ],
    [
      'annotation absent (no value asked)',
      { type: 'annotation', key: 'a.io/b' },
      annotated({}),
      'annotation a.io/b is not set',
    ],
    [
      'feature gate listed',
      { type: 'feature-gate', name: 'CPUManager' },
      contextWith({ spec: { featureGates: [{ name: 'CPUManager' }] } }),
      undefined,
    ],
    [
      'feature gate enabled explicitly',
      { type: 'feature-gate', name: 'CPUManager' },
      contextWith({ spec: { featureGates: [{ name: 'CPUManager', state: 'Enabled' }] } }),
      undefined,
    ],
    [
      'feature gate disabled',
      { type: 'feature-gate', name: 'CPUManager' },
      contextWith({ spec: { featureGates: [{ name: 'CPUManager', state: 'Disabled' }] } }),
      'feature gate CPUManager is not enabled',
    ],
    [
      'feature gate missing',
      { type: 'feature-gate', name: 'CPUManager' },
      contextWith({ spec: {} }),
      'feature gate CPUManager is not enabled',
    ],
    [
      'hardware detected',
      { type: 'hardware', detector: 'vfioCapable' },
      contextWith({}, { hardware: { ...NO_HARDWARE, vfioCapable: true } }),
      undefined,
    ],
    [
      'hardware not detected',
      { type: 'hardware', detector: 'vfioCapable' },
      contextWith({}),
      'hardware vfioCapable not detected',
    ],
    [
      'topology fact true',
      { type: 'topology', field: 'isHCP' },
      contextWith({ spec: {} }, { topology: { ...contextWith({}).topology, isHCP: true } }),
      undefined,
    ],
    ['topology fact false', { type: 'topology', field: 'isHCP' }, contextWith({}), 'topology isHCP is false'],
    [
      'topology fact wanted false and false',
      { type: 'topology', field: 'isCompact', value: false },
      contextWith({}),
      undefined,
    ],
    [
      'topology fact wanted false but true',
      { type: 'topology', field: 'isCompact', value: false },
      contextWith({}, { topology: { ...contextWith({}).topology, isCompact: true } }),
      'topology isCompact is true',
    ],
    [
      'HCO field absent',
      { type: 'hco-field-unconfigured', path: 'spec.virtualization.ksmConfiguration' },
      contextWith({ spec: {} }),
      undefined,
    ],
    [
      'HCO field null',
      { type: 'hco-field-unconfigured', path: 'spec.x' },
      contextWith({ spec: { x: null } }),
      undefined,
    ],
    [
      'HCO field an empty map',
      { type: 'hco-field-unconfigured', path: 'spec.x' },
      contextWith({ spec: { x: {} } }),
      undefined,
    ],
    [
      'HCO field an empty list',
      { type: 'hco-field-unconfigured', path: 'spec.x' },
      contextWith({ spec: { x: [] } }),
      'HCO field spec.x is configured',
    ],
    [
      'HCO field set',
      { type: 'hco-field-unconfigured', path: 'spec.x' },
      contextWith({ spec: { x: { a: 1 } } }),
      'HCO field spec.x is configured',
    ],
    [
      'image known from RELATED_IMAGE_*',
      { type: 'image', key: 'kubevirt-metrics-exporter' },
      contextWith({}, { images: { 'kubevirt-metrics-exporter': 'quay.io/x/kme@sha256:0' } }),
      undefined,
    ],
    [
      'image not known',
      { type: 'image', key: 'kubevirt-metrics-exporter' },
      contextWith({}, { images: { other: 'quay.io/x/other:1' } }),
      'image kubevirt-metrics-exporter is not known (RELATED_IMAGE_KUBEVIRT_METRICS_EXPORTER is not set)',
    ],
  ])('%s', (_case, condition, ctx, reason) => {
    const result = evaluateCondition(condition, ctx);

    expect(result).toEqual(reason === undefined ? { met: true } : { met: false, reason });
  });

  it('ANDs conditions and reports the first that fails', () => {
    const ctx = annotated({ 'platform.kubevirt.io/enable-mtv': 'true' });
    const conditions: Condition[] = [
      MTV,
      { type: 'hardware', detector: 'gpuPresent' },
      { type: 'topology', field: 'isHCP' },
    ];

    expect(evaluateConditions(conditions, ctx)).toEqual({
      met: false,
      reason: 'hardware gpuPresent not detected',
    });
    expect(evaluateConditions([MTV], ctx)).toEqual({ met: true });
    expect(evaluateConditions([], ctx)).toEqual({ met: true });
  });

  it('accepts the v1beta1 map form of feature gates too', () => {
    const hco = {
      apiVersion: 'v',
      kind: 'k',
      metadata: {},
      spec: { featureGates: { CPUManager: true, Other: false } },
    };

    expect(featureGateEnabled(hco, 'CPUManager')).toBe(true);
    expect(featureGateEnabled(hco, 'Other')).toBe(false);
  });

  it.each<[Condition, string]>([
    [MTV, 'annotation platform.kubevirt.io/enable-mtv="true"'],
    [{ type: 'annotation', key: 'a.io/b' }, 'annotation a.io/b'],
    [{ type: 'feature-gate', name: 'CPUManager' }, 'feature gate CPUManager'],
    [{ type: 'hardware', detector: 'usbDevicesPresent' }, 'hardware usbDevicesPresent'],
    [{ type: 'topology', field: 'isCompact', value: false }, 'topology isCompact=false'],
    [{ type: 'hco-field-unconfigured', path: 'spec.x' }, 'HCO field spec.x unconfigured'],
    [{ type: 'image', key: 'foo-bar' }, 'image foo-bar (RELATED_IMAGE_FOO_BAR)'],
  ])('describes %j as "%s"', (condition, text) => {
    expect(describeCondition(condition)).toBe(text);
  });
});
