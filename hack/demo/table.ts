// The demo's live table: every asset's latest outcome, and orphans, from the operator's status board.
import { formatTable } from '../../operator/render/format.js';
import { objectLabel } from '../../operator/render/report.js';
import type { Operator } from '../../operator/runtime/operator.js';

const COMPLIANT = new Set(['created', 'applied', 'unchanged']);
const NOT_ENABLED = new Set(['excluded', 'missing-dependency', 'skipped']);

export interface TableState {
  text: string;
  rows: number;
  /** Every asset reported and every enabled one compliant. */
  done: boolean;
  enabled: number;
}

type Board = Pick<Operator['board'], 'assetStatuses' | 'orphans'>;

/** The table as text, with one row per asset and one per orphan. Pure over the board's answers. */
export function complianceTable(board: Board, assetCount: number): TableState {
  const statuses = board.assetStatuses();
  const rows = statuses.map((s) => {
    const state = NOT_ENABLED.has(s.outcome) ? 'not enabled' : COMPLIANT.has(s.outcome) ? 'ok' : 'NOT OK';
    return [s.asset, state, s.outcome, s.object ? objectLabel(s.object) : '', s.reason ?? ''];
  });
  const orphans = board
    .orphans()
    .map((o) => [
      '(orphan)',
      'n/a',
      'orphan',
      objectLabel(o),
      'labelled as managed, but no enabled asset renders it',
    ]);
  const enabled = statuses.filter((s) => !NOT_ENABLED.has(s.outcome));
  const done =
    statuses.length === assetCount && enabled.length > 0 && enabled.every((s) => COMPLIANT.has(s.outcome));
  return {
    text: formatTable(['ASSET', 'COMPLIANT', 'OUTCOME', 'OBJECT', 'REASON'], [...rows, ...orphans]),
    rows: rows.length,
    done,
    enabled: enabled.length,
  };
}

/** Prints the table when it changed: in place on a terminal, appended (with a time stamp line) otherwise. */
export function tablePrinter(out: NodeJS.WriteStream, stamp: () => string): (text: string) => void {
  let last = '';
  return (text) => {
    if (text === last) return;
    if (out.isTTY && last) out.write(`\x1b[${last.split('\n').length - 1}F\x1b[0J`);
    else if (!out.isTTY) out.write(`[demo] table at ${stamp()}:\n`);
    out.write(text);
    last = text;
  };
}
