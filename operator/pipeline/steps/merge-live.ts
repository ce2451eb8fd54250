import { errorMessage } from '../../errors.js';
import { mergeEmbeddedYaml } from '../decisions/embedded-yaml.js';
import type { Step } from '../step.js';

/**
 * Step 4b (only for assets with catalog `merge_yaml`): the rendered YAML document in that string
 * field is merged into the live one, so the admin's other settings in the same string stay.
 */
export const mergeLiveStep: Step = {
  name: 'merge-live',
  async run(state) {
    const path = state.asset.mergeYaml;
    if (path === undefined || !state.desired) return { next: state };
    try {
      return { next: { ...state, desired: mergeEmbeddedYaml(state.desired, state.live, path) } };
    } catch (err) {
      const name = `${state.desired.kind}/${state.desired.metadata.name ?? ''}`;
      return { stop: 'failed', state, reason: `${name}: ${errorMessage(err)}`, error: err };
    }
  },
};
