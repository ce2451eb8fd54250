import { isRecord } from '../../assets/json.js';

/**
 * Whether a Kubernetes LabelSelector (`matchLabels` and `matchExpressions`, ANDed) selects an
 * object with these labels. A missing, empty or malformed selector selects nothing: the Machine
 * Config Operator treats a KubeletConfig whose pool selector is empty that way. Pure.
 */
export function selectorMatches(selector: unknown, labels: Readonly<Record<string, string>>): boolean {
  if (!isRecord(selector)) return false;
  const matchLabels = selector.matchLabels ?? {};
  const expressions = selector.matchExpressions ?? [];
  if (!isRecord(matchLabels) || !Array.isArray(expressions)) return false;
  const pairs = Object.entries(matchLabels);
  if (pairs.length === 0 && expressions.length === 0) return false;
  return (
    pairs.every(([key, value]) => Object.hasOwn(labels, key) && labels[key] === value) &&
    expressions.every((e) => expressionMatches(e, labels))
  );
}

function expressionMatches(expression: unknown, labels: Readonly<Record<string, string>>): boolean {
  if (!isRecord(expression) || typeof expression.key !== 'string') return false;
  const has = Object.hasOwn(labels, expression.key);
  const value = labels[expression.key];
  const values = Array.isArray(expression.values) ? expression.values : [];
  switch (expression.operator) {
    case 'In':
      return has && values.includes(value);
    case 'NotIn':
      return !has || !values.includes(value);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      return false;
  }
}
