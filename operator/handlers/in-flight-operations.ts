import { plainHandler } from './resource-handler.js';

/**
 * The in-flight operation rule sets: cluster-scoped OperationRuleSets that the InFlightOperations
 * controller reads to tell which long-running operations are under way. Plain objects, applied
 * last in a pass; nothing else renders from them.
 */
export const inFlightOperationsHandler = plainHandler('in-flight-operations', [
  { group: 'ifo.kubevirt.io', kind: 'OperationRuleSet' },
]);
