import type { KubeObject } from '../kube/types.js';
import type { Condition } from './catalog.js';
import type { RenderContext } from './context.js';
import { isRecord, valueAt } from './json.js';

export type ConditionResult = { met: true } | { met: false; reason: string };

const MET: ConditionResult = Object.freeze({ met: true });

/** AND of the conditions, in order; the first unmet one gives the reason. Pure. */
export function evaluateConditions(conditions: readonly Condition[], ctx: RenderContext): ConditionResult {
  for (const condition of conditions) {
    const result = evaluateCondition(condition, ctx);
    if (!result.met) return result;
  }
  return MET;
}

export function evaluateCondition(condition: Condition, ctx: RenderContext): ConditionResult {
  switch (condition.type) {
    case 'annotation': {
      const actual = ctx.hco.metadata.annotations?.[condition.key];
      if (condition.value === undefined) {
        return actual === undefined ? unmet(`annotation ${condition.key} is not set`) : MET;
      }
      return actual === condition.value
        ? MET
        : unmet(`annotation ${condition.key} is not "${condition.value}"`);
    }
    case 'feature-gate':
      return featureGateEnabled(ctx.hco, condition.name)
        ? MET
        : unmet(`feature gate ${condition.name} is not enabled`);
    case 'hardware':
      return ctx.hardware[condition.detector] === true
        ? MET
        : unmet(`hardware ${condition.detector} not detected`);
    case 'topology': {
      const wanted = condition.value ?? true;
      const actual = (ctx.topology as unknown as Record<string, unknown>)[condition.field];
      return actual === wanted ? MET : unmet(`topology ${condition.field} is ${String(!wanted)}`);
    }
    case 'hco-field-unconfigured':
      return isUnconfigured(valueAt(ctx.hco, condition.path))
        ? MET
        : unmet(`HCO field ${condition.path} is configured`);
    case 'image':
      return ctx.images[condition.key]
        ? MET
        : unmet(`image ${condition.key} is not known (${imageVariable(condition.key)} is not set)`);
    case 'unsafe-pool':
      return unmet(`not safe on the ${condition.pool} pool: ${condition.reason}`);
  }
}

/** The environment variable that names an image key: kubevirt-metrics-exporter → RELATED_IMAGE_KUBEVIRT_METRICS_EXPORTER. */
export function imageVariable(key: string): string {
  return `RELATED_IMAGE_${key.toUpperCase().replaceAll('-', '_')}`;
}

/** One line for status tables: `annotation platform.kubevirt.io/enable-mtv="true"`. */
export function describeCondition(condition: Condition): string {
  switch (condition.type) {
    case 'annotation':
      return condition.value === undefined
        ? `annotation ${condition.key}`
        : `annotation ${condition.key}="${condition.value}"`;
    case 'feature-gate':
      return `feature gate ${condition.name}`;
    case 'hardware':
      return `hardware ${condition.detector}`;
    case 'topology':
      return `topology ${condition.field}${condition.value === false ? '=false' : ''}`;
    case 'hco-field-unconfigured':
      return `HCO field ${condition.path} unconfigured`;
    case 'image':
      return `image ${condition.key} (${imageVariable(condition.key)})`;
    case 'unsafe-pool':
      return `unsafe on the ${condition.pool} pool`;
  }
}

/**
 * HCO v1 lists gates as `[{name, state}]`, enabled unless `state: Disabled`; the v1beta1 map form
 * (`{name: true}`) is accepted too, so an object read through the old version still works.
 */
export function featureGateEnabled(hco: KubeObject, name: string): boolean {
  const gates = valueAt(hco, 'spec.featureGates');
  if (Array.isArray(gates)) {
    return gates.some((g) => isRecord(g) && g.name === name && g.state !== 'Disabled');
  }
  return isRecord(gates) && gates[name] === true;
}

function isUnconfigured(value: unknown): boolean {
  return value === undefined || value === null || (isRecord(value) && Object.keys(value).length === 0);
}

function unmet(reason: string): ConditionResult {
  return { met: false, reason };
}
