/** One measured number of a benchmark, and, when it has one, the baseline it is held against. */
export interface BenchRow {
  /** What is measured, e.g. `addWorkingDays (FR)`. */
  section: string;
  /** The variant, e.g. `table, 11 working days`. */
  name: string;
  value: number;
  /** e.g. `ns/op`, `ms`. */
  unit: string;
  /** The same measurement for the baseline, in the same unit, taken in the same run. */
  baseline?: number;
  /** baseline / value: how many times faster than the baseline. */
  ratio?: number;
  note?: string;
}

/** A number with a precision that suits its size: 0.0123, 1.23, 12.3, 1,234. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 1000) return Math.round(value).toLocaleString('en-US');
  if (magnitude >= 100) return value.toFixed(0);
  if (magnitude >= 10) return value.toFixed(1);
  if (magnitude >= 1) return value.toFixed(2);
  return value.toPrecision(3);
}

const HEADERS = ['section', 'name', 'value', 'unit', 'baseline', 'ratio', 'note'] as const;

/** The rows as a plain-text table, numbers right-aligned, one line per row, ending with a newline. */
export function formatBenchTable(rows: readonly BenchRow[]): string {
  const cells = rows.map((row) => [
    row.section,
    row.name,
    formatNumber(row.value),
    row.unit,
    row.baseline === undefined ? '' : formatNumber(row.baseline),
    row.ratio === undefined ? '' : `${formatNumber(row.ratio)}x`,
    row.note ?? '',
  ]);
  const widths = HEADERS.map((header, column) => Math.max(header.length, ...cells.map((line) => line[column]!.length)));
  const numeric = new Set([2, 4, 5]);
  const render = (line: readonly string[]) =>
    line
      .map((cell, column) => (numeric.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  const lines = [render(HEADERS), widths.map((width) => '-'.repeat(width)).join('  '), ...cells.map(render)];
  return `${lines.join('\n')}\n`;
}
