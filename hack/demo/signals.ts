// How the demo reads stop signals and the loss of its parent. Pure decisions; hack/demo.ts wires them.

/** Signals closer than this to the first one are the same stop (one Ctrl-C can arrive twice). */
export const AGAIN_AFTER_MS = 1_000;

export type SignalAction = 'stop' | 'ignore' | 'exit-now';

/**
 * The first signal stops gracefully; a repeat within AGAIN_AFTER_MS of it is the same keypress
 * delivered twice (terminal and a wrapper), ignored; a later one means "now": remove files and exit.
 */
export function signalAction(firstAt: number | undefined, now: number): SignalAction {
  if (firstAt === undefined) return 'stop';
  return now - firstAt > AGAIN_AFTER_MS ? 'exit-now' : 'ignore';
}

/** The parent went away when this process was re-parented (to init or a subreaper). */
export function parentGone(startPpid: number, ppid: number): boolean {
  return ppid !== startPpid;
}
