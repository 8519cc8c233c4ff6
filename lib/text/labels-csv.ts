export interface LabelRow {
  line: number;
  file: string;
  /** "ok", the defect type, or "defect" when the row gives no type. */
  label: string;
}

export interface LabelProblem {
  line: number;
  message: string;
}

const SAFE_FILE = /^[A-Za-z0-9][A-Za-z0-9._ -]{0,200}$/;
const DEFECT_TYPE = /^[a-z][a-z0-9-]{0,31}$/;

/** The words a line's people use for a good unit and for a bad one. */
const OK_WORDS = new Set(["ok", "good", "pass", "passed"]);
const DEFECT_WORDS = new Set(["defect", "defective", "ng", "nok", "fail", "failed", "bad"]);

/** Header names for each column; a header line is recognised by its file or label column. */
const COLUMN_NAMES = {
  file: ["file", "filename", "file_name", "image", "photo", "path"],
  label: ["label", "verdict", "result", "class"],
  type: ["defect_type", "defect", "type", "defect_class"],
} as const;

interface Columns {
  file: number;
  label: number;
  type: number | null;
}

const DEFAULT_COLUMNS: Columns = { file: 0, label: 1, type: 2 };

function headerColumns(cells: string[]): Columns | null {
  const lower = cells.map((cell) => cell.toLowerCase());
  const find = (names: readonly string[]) => lower.findIndex((cell) => names.includes(cell));
  const file = find(COLUMN_NAMES.file);
  const label = find(COLUMN_NAMES.label);
  if (file < 0 && label < 0) return null;
  const type = find(COLUMN_NAMES.type);
  return { file: file < 0 ? 0 : file, label: label < 0 ? 1 : label, type: type < 0 || type === label ? null : type };
}

/**
 * Reads labels.csv: `file,label[,defect_type]`, more columns ignored, an
 * optional header line (which may put the columns in another order). Labels
 * are `ok` (or good, pass) and `defect` (or ng, fail, bad); a defect's type is
 * optional here, since a station with one defect class needs none. Rows that
 * cannot be trusted are reported by line and left out; the caller decides
 * whether any problem stops the work.
 */
export function parseLabelsCsv(text: string): { rows: LabelRow[]; problems: LabelProblem[] } {
  const rows: LabelRow[] = [];
  const problems: LabelProblem[] = [];
  const seen = new Set<string>();
  let columns = DEFAULT_COLUMNS;
  let isFirst = true;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.replace(/^\uFEFF/, "").trim();
    if (trimmed === "" || trimmed.startsWith("#")) return;
    const cells = trimmed.split(",").map((cell) => cell.trim().replace(/^"(.*)"$/, "$1"));
    if (isFirst) {
      isFirst = false;
      const header = headerColumns(cells);
      if (header) return void (columns = header);
    }
    const file = cells[columns.file] ?? "";
    const said = (cells[columns.label] ?? "").toLowerCase();
    const defectType = (columns.type === null ? "" : (cells[columns.type] ?? "")).toLowerCase();
    if (cells.length < 2) return problems.push({ line, message: "expected file,label[,defect_type]" });
    if (!SAFE_FILE.test(file) || file.includes("..")) return problems.push({ line, message: `unsafe or empty file name ${JSON.stringify(file)}` });
    if (seen.has(file)) return problems.push({ line, message: `${file} is listed twice` });
    if (OK_WORDS.has(said)) {
      if (defectType) return problems.push({ line, message: "an ok unit cannot have a defect type" });
    } else if (DEFECT_WORDS.has(said)) {
      if (defectType && !DEFECT_TYPE.test(defectType))
        return problems.push({ line, message: `defect type ${JSON.stringify(defectType)} is not a word of letters, digits and -` });
    } else {
      return problems.push({ line, message: `label must be ok (good, pass) or defect (ng, fail, bad), not ${JSON.stringify(cells[columns.label] ?? "")}` });
    }
    seen.add(file);
    rows.push({ line, file, label: OK_WORDS.has(said) ? "ok" : defectType || "defect" });
  });
  return { rows, problems };
}
