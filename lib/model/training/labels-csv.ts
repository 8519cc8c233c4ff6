export interface LabelRow {
  line: number;
  file: string;
  /** "ok" or the defect type (or "defect" when the type is not given). */
  label: string;
}

export interface LabelProblem {
  line: number;
  message: string;
}

const SAFE_FILE = /^[A-Za-z0-9][A-Za-z0-9._ -]{0,200}$/;
const DEFECT_TYPE = /^[a-z][a-z0-9-]{0,31}$/;

/**
 * Reads labels.csv: `file,label[,defect_type]`, label `ok` or `defect`, an
 * optional header line. Rows that cannot be trusted are reported by line and
 * left out; the caller decides whether any problem stops the import.
 */
export function parseLabelsCsv(text: string): { rows: LabelRow[]; problems: LabelProblem[] } {
  const rows: LabelRow[] = [];
  const problems: LabelProblem[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === "" || trimmed.startsWith("#")) return;
    const cells = trimmed.split(",").map((cell) => cell.trim());
    if (line === 1 && cells[0]?.toLowerCase() === "file") return;
    const [file = "", label = "", defectType = ""] = cells;
    if (cells.length < 2 || cells.length > 3) return problems.push({ line, message: "expected file,label[,defect_type]" });
    if (!SAFE_FILE.test(file) || file.includes("..")) return problems.push({ line, message: `unsafe or empty file name ${JSON.stringify(file)}` });
    if (seen.has(file)) return problems.push({ line, message: `${file} is listed twice` });
    if (label === "ok") {
      if (defectType) return problems.push({ line, message: "an ok unit cannot have a defect type" });
    } else if (label === "defect") {
      if (defectType && !DEFECT_TYPE.test(defectType)) return problems.push({ line, message: `defect type ${JSON.stringify(defectType)} is not a lower-case word` });
    } else {
      return problems.push({ line, message: `label must be ok or defect, not ${JSON.stringify(label)}` });
    }
    seen.add(file);
    rows.push({ line, file, label: label === "ok" ? "ok" : defectType || "defect" });
  });
  return { rows, problems };
}
