import { describe, expect, it } from '@jest/globals';
import { fitToWidth, tablePrinter, type TableOut } from '../../../hack/demo/table.js';

/** A fake terminal: records writes; `screen()` replays them (lines, cursor-up, erase) on a grid of `columns`. */
function fakeTerminal(columns: number) {
  const writes: string[] = [];
  const out: TableOut = {
    isTTY: true,
    columns,
    write: ((chunk: string) => (writes.push(chunk), true)) as TableOut['write'],
  };
  /** The screen's rows after all writes, a line wider than `columns` wrapping like a terminal. */
  const screen = (): string[] => {
    const rows: string[] = [''];
    let row = 0;
    const all = writes.join('');
    // eslint-disable-next-line no-control-regex
    for (const token of all.split(/(\x1b\[\d+F\x1b\[0J|\n)/)) {
      if (token === '\n') {
        row += 1;
        rows[row] ??= '';
        continue;
      }
      // eslint-disable-next-line no-control-regex
      const up = /^\x1b\[(\d+)F\x1b\[0J$/.exec(token);
      if (up) {
        row = Math.max(0, row - Number(up[1]));
        rows.length = row;
        rows[row] = '';
        continue;
      }
      for (const ch of token) {
        if ((rows[row] ?? '').length === columns) {
          row += 1;
          rows[row] = '';
        }
        rows[row] = (rows[row] ?? '') + ch;
      }
    }
    return rows;
  };
  return { out, writes, screen };
}

const wide = (n: number): string =>
  `ASSET  STATE\n${Array.from({ length: n }, (_, i) => `asset-${i}  ${'x'.repeat(120)}`).join('\n')}\n`;

describe('the live table printer on a terminal', () => {
  it('cuts rows wider than the terminal so none wraps', () => {
    const term = fakeTerminal(80);
    tablePrinter(term.out, () => '').print(wide(3));
    expect(term.screen().every((line) => line.length <= 80)).toBe(true);
    expect(term.screen().filter((l) => l.length > 0)).toHaveLength(4);
  });

  it('redraws in place: moves up exactly the rows it printed, no header left behind', () => {
    const term = fakeTerminal(80);
    const printer = tablePrinter(term.out, () => '');
    printer.print(wide(3));
    printer.print(wide(5));
    printer.print(wide(2));
    expect(term.writes.filter((w) => w.startsWith('\x1b['))).toEqual(['\x1b[4F\x1b[0J', '\x1b[6F\x1b[0J']);
    expect(term.screen().filter((l) => l.startsWith('ASSET'))).toHaveLength(1);
    expect(term.screen().filter((l) => l.length > 0)).toHaveLength(3);
  });

  it('never overwrites lines printed after the table (detach)', () => {
    const term = fakeTerminal(80);
    const printer = tablePrinter(term.out, () => '');
    printer.print(wide(2));
    printer.detach();
    term.out.write('[demo] try it: kubectl annotate ...\n');
    printer.print(wide(2));
    printer.print(wide(3));
    const screen = term.screen();
    expect(screen).toContain('[demo] try it: kubectl annotate ...');
    expect(screen.indexOf('[demo] try it: kubectl annotate ...')).toBeLessThan(
      screen.lastIndexOf('ASSET  STATE'),
    );
  });
});

describe('fitToWidth', () => {
  it.each<[string, string, number | undefined, string]>([
    ['short lines unchanged', 'ab\ncd\n', 5, 'ab\ncd\n'],
    ['exactly the width unchanged', 'abcde\n', 5, 'abcde\n'],
    ['longer lines cut with an ellipsis', 'abcdefgh\n', 5, 'abcd…\n'],
    ['unknown width unchanged', 'abcdefgh\n', undefined, 'abcdefgh\n'],
  ])('%s', (_case, text, columns, fitted) => {
    expect(fitToWidth(text, columns)).toBe(fitted);
  });
});
