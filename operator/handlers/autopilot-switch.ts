import type { Logger } from '../observability/logger.js';
import { ANNOTATIONS } from '../pipeline/annotations.js';
import { parseAutopilot, type AutopilotSelection } from '../pipeline/decisions/autopilot.js';
import type { ClusterView } from './cluster-view.js';

/**
 * The HCO's master switch as the reconciler reads it before each request: nothing to do until the
 * HCO exists, idle while `platform.kubevirt.io/autopilot` is "false". Each state is logged once
 * when it starts, not on every request.
 */
export class AutopilotSwitch {
  private idle = false;
  private waiting = false;

  constructor(private readonly logger: Logger) {}

  /** What this request may reconcile; undefined = nothing (`goIdle` runs on every idle request). */
  read(view: ClusterView, goIdle: () => void): AutopilotSelection | undefined {
    const hco = view.hco();
    if (!view.hcoServed() || !hco) {
      if (!this.waiting)
        this.logger.info(
          'waiting for the HyperConverged kubevirt-hyperconverged to exist; nothing to do until then',
        );
      this.waiting = true;
      return undefined;
    }
    this.waiting = false;
    const selection = parseAutopilot(hco.metadata.annotations?.[ANNOTATIONS.autopilot]);
    if (selection.kind === 'off') {
      if (!this.idle)
        this.logger.info('autopilot disabled by platform.kubevirt.io/autopilot=false: idle, no writes');
      this.idle = true;
      goIdle();
      return undefined;
    }
    this.idle = false;
    return selection;
  }
}
