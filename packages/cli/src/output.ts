// Output for people and for machines: with --json only JSON reaches stdout; otherwise text, coloured
// when a terminal is attached (never with NO_COLOR), cut to the terminal's width. Errors become JSON or
// a clear line on stderr, and a non-zero exit.
import { styleText } from 'node:util';
import { BackspaceError } from '@backspace/core';
import { exitCodeOf } from './exit-codes.js';

export interface OutputOptions {
  json?: boolean;
}

type Style = Parameters<typeof styleText>[0];
/** A style `paint` takes: 'red', 'bold', ... */
export type CellStyleName = Style;

/** Colour only on a terminal, and never when NO_COLOR is set to anything (https://no-color.org). */
export function colourOn(stream: NodeJS.WriteStream = process.stdout): boolean {
  return Boolean(stream.isTTY) && !process.env.NO_COLOR;
}

export function paint(style: Style, text: string): string {
  // Node's own check would also drop colour under CI=true; whether to colour is decided above.
  return colourOn() ? styleText(style, text, { validateStream: false }) : text;
}

/**
 * How wide a line may be: the terminal's width; when piped, COLUMNS if set, else a width that keeps
 * lines readable (the full values are in --json).
 */
export function lineWidth(): number {
  if (process.stdout.isTTY && process.stdout.columns) return process.stdout.columns;
  const columns = Number(process.env.COLUMNS);
  return Number.isInteger(columns) && columns >= 40 ? columns : PIPED_WIDTH;
}

const PIPED_WIDTH = 160;

/** `text` cut to `width` characters, the cut marked with an ellipsis. */
export function truncate(text: string, width: number): string {
  const flat = text.replace(/\s*\n\s*/g, ' ');
  if (flat.length <= width) return flat;
  return width <= 1 ? flat.slice(0, width) : `${flat.slice(0, width - 1)}…`;
}

/** Prints one line cut to the output's width. */
export function printFitted(text: string, style?: Style): void {
  const line = truncate(text, lineWidth());
  printLine(style ? paint(style, line) : line);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLine(text = ''): void {
  process.stdout.write(`${text}\n`);
}

/** Colours a cell by its text (a status), after it was cut and padded. */
export type CellStyle = (cell: string) => Style | undefined;

/**
 * A plain aligned table, no borders, so it pastes well into tickets. It fits the line width: the widest
 * columns are cut first (an ellipsis marks each cut cell), never below a few characters.
 */
export function printTable(headers: string[], rows: string[][], styles: (CellStyle | undefined)[] = []): void {
  const widths = fitWidths(headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length))), lineWidth());
  const line = (cells: string[], styleOf: (column: number, cell: string) => Style | undefined) =>
    cells
      .map((cell, column) => {
        const width = widths[column] ?? 0;
        const fitted = truncate(cell, width);
        const padded = column === cells.length - 1 ? fitted : fitted.padEnd(width);
        const style = styleOf(column, fitted);
        return style ? padded.replace(fitted, paint(style, fitted)) : padded;
      })
      .join(GAP)
      .trimEnd();
  printLine(line(headers, () => 'bold'));
  for (const row of rows) printLine(line(row, (column, cell) => styles[column]?.(cell)));
}

const GAP = '  ';
const NARROWEST = 6;

/** Column widths whose sum (with gaps) fits `total`: the widest column gives way first. */
export function fitWidths(natural: number[], total: number): number[] {
  const widths = [...natural];
  const room = total - GAP.length * Math.max(0, widths.length - 1);
  let excess = widths.reduce((sum, width) => sum + width, 0) - room;
  while (excess > 0) {
    const widest = widths.indexOf(Math.max(...widths));
    if (widths[widest]! <= NARROWEST) break;
    const second = Math.max(NARROWEST, ...widths.filter((_, column) => column !== widest));
    const cut = Math.min(excess, Math.max(1, widths[widest]! - second));
    widths[widest] = Math.max(NARROWEST, widths[widest]! - cut);
    excess -= cut;
  }
  return widths;
}

export function reportError(error: unknown, options: OutputOptions): number {
  const body = BackspaceError.isInstance(error)
    ? { error: { code: error.code, message: error.message } }
    : { error: { code: 'internal_error', message: error instanceof Error ? error.message : String(error) } };
  if (options.json) printJson(body);
  else process.stderr.write(`${colourOn(process.stderr) ? styleText('red', 'error', { validateStream: false }) : 'error'}: ${body.error.message}\n`);
  return exitCodeOf(body.error.code);
}
