// The CI gate (hack/mutation/ci.sh, docs/mutation-testing.md): stryker.config.js with the break threshold CI holds. The
// files to mutate come from ci.sh (--mutate); per-directory floors are checked by scores.js.
import config from '../../stryker.config.js';
import floors from './floors.json' with { type: 'json' };

export default {
  ...config,
  thresholds: { ...config.thresholds, break: Math.min(...Object.values(floors)) },
};
