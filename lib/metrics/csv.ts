export type CsvCell = string | number | null;

function cell(value: CsvCell): string {
  if (value === null) return "";
  const text = typeof value === "number" ? (Number.isFinite(value) ? String(value) : "") : value;
  // RFC 4180 quoting; a leading =, +, - or @ is defused so a spreadsheet never runs it as a formula.
  const safe = /^[=+\-@]/.test(text) && typeof value === "string" ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A table as CSV (RFC 4180), header first. */
export function toCsv(head: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return csvLines([head, ...rows]);
}

/** Rows as CSV lines, each ended by CRLF: a part of a table streamed in pieces. */
export function csvLines(rows: readonly (readonly CsvCell[])[]): string {
  return rows.map((row) => row.map(cell).join(",") + "\r\n").join("");
}
