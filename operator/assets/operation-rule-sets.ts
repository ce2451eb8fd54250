import { isRecord } from './json.js';

/** One rule of an OperationRuleSet (ifo.kubevirt.io/v1alpha1): an operation and its CEL test. */
export interface OperationRule {
  operation: string;
  expression: string;
}

/** The `spec` of an OperationRuleSet, as the InFlightOperations controller reads it. */
export interface OperationRuleSetSpec {
  component: string;
  target: { group: string; version: string; resource: string };
  labels?: Record<string, string>;
  rules: OperationRule[];
}

export const CORRELATION_GROUP_LABEL = 'ifo.kubevirt.io/correlation-group';
export const CORRELATION_ROLE_LABEL = 'ifo.kubevirt.io/correlation-role';

// Values end up inside CEL string literals and label values: keep them to plain identifiers.
const WORD = /^[A-Za-z][A-Za-z0-9]*$/;
const DNS = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const VERSION = /^v[0-9]+((alpha|beta)[0-9]+)?$/;
const STATUSES = ['True', 'False', 'Unknown'] as const;
const MATCHERS = ['phase', 'printableStatus', 'conditions', 'expression'] as const;

/**
 * The spec of rule set `name` from the rule-set data (templates/in-flight-operations/rule-sets.yaml),
 * with every rule's CEL written from its matcher. Pure; throws an Error naming the set and the
 * operation when the data is malformed.
 */
export function operationRuleSet(data: unknown, name: unknown): OperationRuleSetSpec {
  if (!isRecord(data) || !isRecord(data.ruleSets)) throw new Error('rule-set data needs a ruleSets map');
  if (typeof name !== 'string' || !Object.hasOwn(data.ruleSets, name)) {
    throw new Error(`rule set ${JSON.stringify(name)} is not defined`);
  }
  const set = data.ruleSets[name];
  const where = `rule set ${name}`;
  if (!isRecord(set)) throw new Error(`${where}: must be a mapping`);
  const spec: OperationRuleSetSpec = {
    component: word(set.component, `${where}: component`, DNS),
    target: targetOf(set.target, where),
    rules: [],
  };
  if (set.correlation !== undefined) spec.labels = correlationLabels(set.correlation, where);
  const operations = [
    ...(set.operatorStates === true ? operatorStateOperations(data.operatorStates) : []),
    ...listOf(set.operations ?? [], `${where}: operations`),
  ];
  for (const op of operations) spec.rules.push(ruleOf(op, where));
  if (spec.rules.length === 0) throw new Error(`${where}: has no operations`);
  const names = spec.rules.map((r) => r.operation);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new Error(`${where}: operation ${twice} is defined twice`);
  return spec;
}

function targetOf(raw: unknown, where: string): OperationRuleSetSpec['target'] {
  if (!isRecord(raw)) throw new Error(`${where}: target must be { group, version, resource }`);
  return {
    group: raw.group === '' ? '' : word(raw.group, `${where}: target.group`, DNS),
    version: word(raw.version, `${where}: target.version`, VERSION),
    resource: word(raw.resource, `${where}: target.resource`, DNS),
  };
}

function correlationLabels(raw: unknown, where: string): Record<string, string> {
  if (!isRecord(raw) || (raw.role !== 'root' && raw.role !== 'child')) {
    throw new Error(`${where}: correlation must be { group, role: root | child }`);
  }
  return {
    [CORRELATION_GROUP_LABEL]: word(raw.group, `${where}: correlation.group`, DNS),
    [CORRELATION_ROLE_LABEL]: raw.role,
  };
}

/** The shared operator states as operations, in the file's order. */
function operatorStateOperations(states: unknown): Record<string, unknown>[] {
  if (!isRecord(states)) throw new Error('operatorStates must map a state name to its conditions');
  return Object.entries(states).map(([name, conditions]) => ({ name, conditions }));
}

function ruleOf(raw: unknown, where: string): OperationRule {
  if (!isRecord(raw)) throw new Error(`${where}: every operation must be a mapping`);
  const operation = word(raw.name, `${where}: operation name`, WORD);
  const at = `${where}, operation ${operation}`;
  const present = MATCHERS.filter((m) => raw[m] !== undefined);
  const unknown = Object.keys(raw).filter(
    (k) => k !== 'name' && !(MATCHERS as readonly string[]).includes(k),
  );
  if (present.length !== 1 || unknown.length > 0) {
    throw new Error(`${at}: needs exactly one of ${MATCHERS.join(', ')}`);
  }
  switch (present[0]) {
    case 'phase':
      return { operation, expression: statusFieldIn('phase', words(raw.phase, `${at}: phase`)) };
    case 'printableStatus':
      return {
        operation,
        expression: statusFieldIn('printableStatus', words(raw.printableStatus, `${at}: printableStatus`)),
      };
    case 'conditions':
      return { operation, expression: conditionsHold(raw.conditions, at) };
    default:
      if (typeof raw.expression !== 'string' || raw.expression.trim() === '') {
        throw new Error(`${at}: expression must be a CEL string`);
      }
      return { operation, expression: raw.expression.trim() };
  }
}

/** `status.<field>` is one of the values; every step is guarded with has(). */
export function statusFieldIn(field: string, values: readonly string[]): string {
  const test =
    values.length === 1
      ? `object.status.${field} == ${literal(values[0] as string)}`
      : `object.status.${field} in [${values.map(literal).join(', ')}]`;
  return `has(object.status) && has(object.status.${field}) && ${test}`;
}

/** Every listed status condition holds (see rule-sets.yaml for the forms a value takes). */
export function conditionsHold(raw: unknown, at: string): string {
  if (!isRecord(raw) || Object.keys(raw).length === 0) {
    throw new Error(`${at}: conditions must map a condition type to its status`);
  }
  const tests = Object.entries(raw).map(([type, want]) =>
    conditionTest(word(type, `${at}: condition type`, WORD), want, at),
  );
  return ['has(object.status)', 'has(object.status.conditions)', ...tests].join(' && ');
}

function conditionTest(type: string, want: unknown, at: string): string {
  const exists = (extra: string) => `object.status.conditions.exists(c, c.type == ${literal(type)}${extra})`;
  if (want === 'Present') return exists('');
  if (want === 'NotTrue') return `!${exists(' && c.status == "True"')}`;
  if (isStatus(want)) return exists(` && c.status == ${literal(want)}`);
  if (
    isRecord(want) &&
    isStatus(want.status) &&
    Object.keys(want).every((k) => k === 'status' || k === 'reason')
  ) {
    const reason =
      want.reason === undefined ? '' : ` && c.reason == ${literal(word(want.reason, `${at}: reason`, WORD))}`;
    return exists(` && c.status == ${literal(want.status)}${reason}`);
  }
  throw new Error(
    `${at}: condition ${type} must be True, False, Unknown, NotTrue, Present or { status, reason }`,
  );
}

function isStatus(value: unknown): value is (typeof STATUSES)[number] {
  return (STATUSES as readonly unknown[]).includes(value);
}

function literal(value: string): string {
  return JSON.stringify(value);
}

function word(value: unknown, what: string, pattern: RegExp): string {
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw new Error(`${what} must match ${String(pattern)}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function words(value: unknown, what: string): string[] {
  const list = listOf(value, what);
  if (list.length === 0) throw new Error(`${what} must list at least one value`);
  return list.map((v) => word(v, what, WORD));
}

function listOf(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new Error(`${what} must be a list`);
  return value;
}
