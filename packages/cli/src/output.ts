// Output for people and for machines: with --json only JSON reaches stdout; otherwise text, coloured
// when a terminal is attached. Errors become JSON or a clear line on stderr, and a non-zero exit.
import { styleText } from 'node:util';
import { BackspaceError } from '@backspace/core';

export interface OutputOptions {
  json?: boolean;
}

type Style = Parameters<typeof styleText>[0];

export function paint(style: Style, text: string): string {
  return process.stdout.isTTY ? styleText(style, text) : text;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLine(text = ''): void {
  process.stdout.write(`${text}\n`);
}

/** A plain aligned table; no borders, so it pastes well into tickets. */
export function printTable(headers: string[], rows: string[][]): void {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  printLine(paint('bold', line(headers)));
  for (const row of rows) printLine(line(row));
}

export function reportError(error: unknown, options: OutputOptions): number {
  const body = BackspaceError.isInstance(error)
    ? { error: { code: error.code, message: error.message } }
    : { error: { code: 'internal_error', message: error instanceof Error ? error.message : String(error) } };
  if (options.json) printJson(body);
  else process.stderr.write(`${paint('red', 'error')}: ${body.error.message}\n`);
  return 1;
}
