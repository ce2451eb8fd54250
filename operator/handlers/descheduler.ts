import { plainHandler } from './resource-handler.js';

/** The load-aware descheduler's KubeDescheduler (its PSI tuning is a node tuning, its dashboard a console object). */
export const deschedulerHandler = plainHandler('descheduler', [
  { group: 'operator.openshift.io', kind: 'KubeDescheduler' },
]);
