import type { KubeObject } from '../kube/types.js';
import type { EventRecorder, EventSpec } from '../observability/events.js';
import { REASONS } from '../observability/events.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics, SeriesRef } from '../observability/metrics.js';
import type { Stop } from './step.js';
import { unmanagedEvent, writeEvent } from './write-event.js';

/** Outcomes that say nothing about whether the object is managed. */
const QUIET = new Set<Stop['stop']>(['unmanaged', 'excluded', 'skipped']);

/**
 * Outcomes only reached past the foreign-KubeletConfig check: after a hold for a conflict, one of
 * them means no other KubeletConfig selects the pool any more (any other outcome says nothing).
 */
const PAST_CONFLICT_CHECK = new Set<Stop['stop']>(['created', 'applied', 'unchanged', 'deferred']);

function keyOf(obj: KubeObject): string {
  return `${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`;
}

export function seriesRef(obj: KubeObject): SeriesRef {
  return { kind: obj.kind, name: obj.metadata.name ?? '', namespace: obj.metadata.namespace ?? '' };
}

/**
 * Step 10: metrics, Events and logs for one asset's outcome. Quiet when all is well (compliant
 * objects log at debug and emit nothing); precise when something is wrong.
 */
export class OutcomeRecorder {
  constructor(
    private readonly metrics: Metrics,
    private readonly events: EventRecorder,
    private readonly logger: Logger,
  ) {}

  /** Objects last seen with `mode: unmanaged`, so opting out and back in each emit one Event. */
  private readonly unmanaged = new Set<string>();

  /** The warnings last emitted per object: a warning is emitted when it appears, not on every pass. */
  private readonly warned = new Map<string, string>();

  /** Objects waiting for their MachineConfigPool → `pool/reason` announced, until the wait ends. */
  private readonly poolWaits = new Map<string, string>();

  /** KubeletConfigs held for another KubeletConfig on their pool → the pool and the others, until the hold ends. */
  private readonly conflicted = new Map<string, { pool: string; others: string }>();

  async record(result: Stop, durationSeconds: number): Promise<void> {
    const { state } = result;
    const target = state.live ?? state.desired;
    const ref = target ? seriesRef(target) : undefined;
    const log = this.logger.child({
      asset: state.asset.name,
      ...(ref ? { kind: ref.kind, name: ref.name, namespace: ref.namespace } : {}),
    });
    if (ref && result.stop !== 'excluded' && result.stop !== 'skipped') {
      this.metrics.observeReconcile(ref, durationSeconds);
    }
    if (ref && !result.poolWait) this.metrics.clearPoolWait(ref);
    if (target && !result.poolWait) this.poolWaits.delete(keyOf(target));
    if (!QUIET.has(result.stop)) await this.noteManaged(target, state.asset.name);
    if (PAST_CONFLICT_CHECK.has(result.stop)) await this.noteConflictResolved(target, log);
    await this.recordWarnings(result, target, log);
    switch (result.stop) {
      case 'created':
      case 'applied':
      case 'unchanged':
        if (ref) {
          this.metrics.setCompliance(ref, true);
          this.metrics.setCustomizations(ref, state.customizations);
        }
        if (result.stop === 'unchanged') {
          log.debug('compliant, nothing to write');
          return;
        }
        return this.recordWrite(result, target, log);
      case 'unmanaged':
        if (ref) {
          this.metrics.forgetObject(ref);
          this.metrics.setCustomizations(ref, ['unmanaged']);
        }
        log.debug('mode unmanaged: skipped');
        if (!target || this.unmanaged.has(keyOf(target))) return;
        this.unmanaged.add(keyOf(target));
        return this.emitEvent(target, 'Normal', unmanagedEvent(true, state.asset.name));
      case 'excluded':
      case 'skipped':
        if (ref) this.metrics.forgetObject(ref);
        log.debug('not reconciled: excluded or not applicable', {
          outcome: result.stop,
          reason: result.reason ?? '',
        });
        return;
      case 'held':
        if (ref) {
          this.metrics.setCompliance(ref, false);
          this.metrics.setCustomizations(ref, state.customizations);
        }
        if (result.conflict) return this.recordConflict(result, target, log);
        log.warn('held: no write until the annotation is fixed', {
          annotation: result.annotation,
          problem: result.reason,
        });
        return this.emit(
          target ?? state.context.hco,
          REASONS.Held,
          'Warning',
          `Held, nothing written: ${result.reason ?? 'invalid annotation'} (fix annotation ${result.annotation ?? '?'})`,
        );
      case 'deferred':
        if (result.poolWait) return this.recordPoolWait(result, ref, log);
        return this.recordDeferred(result, ref, log);
      case 'failed':
        if (ref) this.metrics.setCompliance(ref, false);
        log.error('failed to apply', { error: result.reason });
        return this.emit(
          target ?? state.context.hco,
          REASONS.ApplyFailed,
          'Warning',
          `Failed to apply asset ${state.asset.name}: ${result.reason ?? 'unknown error'}`,
        );
    }
  }

  private async recordWrite(result: Stop, target: KubeObject | undefined, log: Logger): Promise<void> {
    const { state } = result;
    log.info('successfully applied', {
      cause: state.write?.cause ?? 'create',
      driftPaths: state.drift?.paths,
      ...(state.write?.cause === 'foreign-drift' ? { competingManagers: state.write.managers } : {}),
    });
    return this.emitEvent(target, 'Normal', writeEvent(state.write, state.asset.name));
  }

  private async recordWarnings(result: Stop, target: KubeObject | undefined, log: Logger): Promise<void> {
    if (!target || QUIET.has(result.stop)) return;
    const warnings = result.state.warnings ?? [];
    const seen = JSON.stringify(warnings);
    if (warnings.length === 0) this.warned.delete(keyOf(target));
    if (warnings.length === 0 || this.warned.get(keyOf(target)) === seen) return;
    this.warned.set(keyOf(target), seen);
    for (const warning of warnings) {
      log.warn('warning about the object, nothing held', { reason: warning.reason, note: warning.note });
      await this.emit(target, warning.reason, 'Warning', warning.note);
    }
  }

  /** An object that was unmanaged and now reaches a managed outcome was opted back in. */
  private async noteManaged(target: KubeObject | undefined, asset: string): Promise<void> {
    if (!target || !this.unmanaged.delete(keyOf(target))) return;
    await this.emitEvent(target, 'Normal', unmanagedEvent(false, asset));
  }

  private emitEvent(
    target: KubeObject | undefined,
    type: EventSpec['type'],
    event: { reason: string; note: string },
  ): Promise<void> {
    return this.emit(target, event.reason, type, event.note);
  }

  /** Another tool's KubeletConfig selects the pool of ours: nothing is written while both would. */
  private async recordConflict(result: Stop, target: KubeObject | undefined, log: Logger): Promise<void> {
    const conflict = result.conflict as NonNullable<Stop['conflict']>;
    const seen = { pool: conflict.pool, others: conflict.others.join(',') };
    const before = target ? this.conflicted.get(keyOf(target)) : undefined;
    // Once per hold (and when the other KubeletConfigs change), not on every pass that finds it.
    if (before?.pool === seen.pool && before.others === seen.others) return;
    if (target) this.conflicted.set(keyOf(target), seen);
    log.warn('held: another KubeletConfig selects the same MachineConfigPool', {
      pool: conflict.pool,
      otherKubeletConfigs: conflict.others,
    });
    await this.emit(
      target ?? result.state.context.hco,
      REASONS.KubeletConfigConflict,
      'Warning',
      `Held, nothing written: ${result.reason ?? ''}`,
    );
  }

  /** A held KubeletConfig got past the conflict check: one Normal Event says the hold is over. */
  private async noteConflictResolved(target: KubeObject | undefined, log: Logger): Promise<void> {
    const pool = target ? this.conflicted.get(keyOf(target))?.pool : undefined;
    if (!target || pool === undefined) return;
    this.conflicted.delete(keyOf(target));
    log.info('KubeletConfig conflict resolved: no other KubeletConfig selects the MachineConfigPool', {
      pool,
    });
    await this.emit(
      target,
      REASONS.KubeletConfigConflictResolved,
      'Normal',
      `No other KubeletConfig selects MachineConfigPool ${pool} now: the hold is over and this KubeletConfig is managed again`,
    );
  }

  /** A node change waits for its MachineConfigPool: not a failure, but not on the nodes either. */
  private async recordPoolWait(result: Stop, ref: SeriesRef | undefined, log: Logger): Promise<void> {
    const wait = result.poolWait as NonNullable<Stop['poolWait']>;
    if (ref) {
      this.metrics.setCompliance(ref, false);
      this.metrics.setPoolWait(ref, wait.pool, wait.reason);
      this.metrics.setCustomizations(ref, result.state.customizations);
    }
    log.info('waiting for MachineConfigPool before writing', {
      pool: wait.pool,
      poolState: wait.reason,
      retryAfterMs: result.retryAfterMs,
    });
    // Once per wait (and when the pool's state changes): a paused pool can wait for days.
    const target = result.state.live ?? result.state.desired;
    const seen = `${wait.pool}/${wait.reason}`;
    if (!target || this.poolWaits.get(keyOf(target)) === seen) return;
    this.poolWaits.set(keyOf(target), seen);
    await this.emit(
      target,
      REASONS.WaitingForPool,
      'Warning',
      `${result.reason ?? `waiting for MachineConfigPool ${wait.pool}`}. Nothing is written until then; the ` +
        `pending node changes of the pool then go out together (one rollout).`,
    );
  }

  private async recordDeferred(result: Stop, ref: SeriesRef | undefined, log: Logger): Promise<void> {
    if (result.waiting) {
      // The same wait as before: counted and announced when it began (once per wait).
      if (ref) this.metrics.setCompliance(ref, false);
      log.debug('throttled: still waiting for a token of the token bucket', {
        retryAfterMs: result.retryAfterMs,
      });
      return;
    }
    const managers = result.competitors?.managers ?? [];
    const paths = result.competitors?.paths ?? [];
    if (ref) {
      this.metrics.setCompliance(ref, false);
      this.metrics.incThrashing(ref);
      this.metrics.setCustomizations(ref, result.state.customizations);
    }
    log.warn('throttled: token bucket empty, correction deferred', {
      retryAfterMs: result.retryAfterMs,
      competingManagers: managers,
      fields: paths,
    });
    const who = managers.length ? managers.join(', ') : 'an unknown writer';
    const fight = result.state.live
      ? `${who} keeps changing ${paths.join(', ') || 'managed fields'}`
      : 'the object keeps being deleted';
    await this.emit(
      result.state.live ?? result.state.desired,
      REASONS.Throttled,
      'Warning',
      `Edit war: ${fight}; the token bucket defers ` +
        `the next correction. Use the patch or ignore-fields annotation, or mode: unmanaged, if the change is intended.`,
    );
  }

  private async emit(
    target: KubeObject | undefined,
    reason: string,
    type: EventSpec['type'],
    note: string,
  ): Promise<void> {
    if (!target?.metadata.name) return;
    const regarding: EventSpec['regarding'] = {
      apiVersion: target.apiVersion,
      kind: target.kind,
      name: target.metadata.name,
    };
    if (target.metadata.namespace) regarding.namespace = target.metadata.namespace;
    if (target.metadata.uid) regarding.uid = target.metadata.uid;
    await this.events.emit({ regarding, type, reason, action: reason, note });
  }
}
