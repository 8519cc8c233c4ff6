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

/** One record of a CSV file: the line it starts on (1-based) and its cells. */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/**
 * Reads CSV (RFC 4180): cells in double quotes may hold commas, line breaks
 * and doubled quotes; CRLF or LF ends a record; a byte-order mark and blank
 * lines are skipped. A quote left open at the end is an error, with its line.
 */
export function parseCsv(text: string): { records: CsvRecord[]; error: { line: number; message: string } | null } {
  const records: CsvRecord[] = [];
  const source = text.replace(/^\uFEFF/, "");
  let line = 1;
  let start = 1;
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let quoteLine = 0;
  const endRecord = () => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0]?.trim() === "")) records.push({ line: start, cells });
    cells = [];
    cell = "";
  };
  for (let i = 0; i < source.length; i++) {
    const char = source[i] as string;
    if (quoted) {
      if (char === '"' && source[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        if (char === "\n") line++;
        cell += char;
      }
    } else if (char === '"' && cell.trim() === "") {
      quoted = true;
      quoteLine = line;
      cell = "";
    } else if (char === ",") {
      cells.push(cell);
      cell = "";
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && source[i + 1] === "\n") i++;
      endRecord();
      line++;
      start = line;
    } else {
      cell += char;
    }
  }
  if (quoted) return { records, error: { line: quoteLine, message: "a quoted cell is never closed" } };
  if (cell !== "" || cells.length > 0) endRecord();
  return { records, error: null };
}
