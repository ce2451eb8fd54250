// The demo's live table: every asset's latest outcome, and orphans, from the operator's status board.
import { formatTable } from '../../operator/render/format.js';
import { objectLabel } from '../../operator/render/report.js';
import type { StatusBoard } from '../../operator/handlers/status-board.js';

const COMPLIANT = new Set(['created', 'applied', 'unchanged']);
const NOT_ENABLED = new Set(['excluded', 'missing-dependency', 'skipped']);

export interface TableState {
  text: string;
  rows: number;
  /** Every asset reported and every enabled one compliant. */
  done: boolean;
  enabled: number;
}

type Board = Pick<StatusBoard, 'assetStatuses' | 'orphans'>;

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

/** The table's terminal. `columns` is read at every print (it changes when the window is resized). */
export type TableOut = Pick<NodeJS.WriteStream, 'write' | 'isTTY' | 'columns'>;

export interface TablePrinter {
  /** Prints the table when it changed: in place on a terminal, appended (with a time stamp line) otherwise. */
  print(text: string): void;
  /** Other lines follow the table: the next print starts a new table below them instead of overwriting them. */
  detach(): void;
}

/** Cuts every line to `columns` characters, so no line wraps and each takes exactly one terminal row. */
export function fitToWidth(text: string, columns: number | undefined): string {
  if (!columns || columns < 1) return text;
  return text
    .split('\n')
    .map((line) => (line.length > columns ? `${line.slice(0, columns - 1)}…` : line))
    .join('\n');
}

/**
 * On a terminal the previous table is overwritten by moving the cursor up by its row count, which
 * holds only when the table is the last thing printed (see detach) and no line wrapped (fitToWidth).
 */
export function tablePrinter(out: TableOut, stamp: () => string): TablePrinter {
  let last = '';
  let printedRows = 0;
  return {
    print(text) {
      if (text === last && (printedRows > 0 || !out.isTTY)) return;
      if (!out.isTTY) {
        out.write(`[demo] table at ${stamp()}:\n`);
        out.write(text);
        last = text;
        return;
      }
      const fitted = fitToWidth(text, out.columns);
      if (printedRows > 0) out.write(`\x1b[${printedRows}F\x1b[0J`);
      out.write(fitted);
      printedRows = fitted.split('\n').length - (fitted.endsWith('\n') ? 1 : 0);
      last = text;
    },
    detach() {
      printedRows = 0;
      if (!out.isTTY) last = '';
    },
  };
}
