import crypto from "node:crypto";
import type { Db } from "../db/index.ts";
import { appendAudit, type Actor } from "../audit/index.ts";
import { requestWorkSoon } from "../background/index.ts";
import { parseCsv } from "../metrics/index.ts";
import { OK_LABEL } from "../stations/index.ts";
import { decisionsOf, escapeInputSchema, escapeRow, isEscapeOf, type Decider, type EscapeInput } from "./escapes.ts";

// A day's end-of-line failures or a month's returns arrive as a file more
// often than one request at a time. The file goes in whole or not at all:
// every row is checked first (its shape, its unit, that the station decided
// it, its label), and any bad row refuses the import with every problem by
// line. Each row carries an idempotency key (its own `key` column, or one
// derived from the row), so importing the same file twice stores nothing new.

export const ESCAPE_IMPORT_MAX_ROWS = 10_000;
export const ESCAPE_IMPORT_MAX_BYTES = 2 * 1024 * 1024;

/** The columns a file may have, by header name; `unit` or `external_id` names the unit. */
const COLUMNS = { unit: "unit", external_id: "externalId", found: "found", found_at: "foundAt", where: "where", note: "note", key: "idempotencyKey" } as const;
type Column = keyof typeof COLUMNS;
const REQUIRED: Column[] = ["found", "found_at", "where"];

export interface ImportProblem {
  line: number;
  message: string;
}

export type EscapeImportResult =
  { ok: true; rows: number; imported: number; replayed: number; escapesByDecider: Record<Decider, number> } | { ok: false; problems: ImportProblem[] };

/** The key a row without one is stored under: the same row of the same station always gets the same key. */
function derivedKey(stationId: string, input: Omit<EscapeInput, "idempotencyKey" | "note">): string {
  const identity = [stationId, input.unit ?? "", input.externalId ?? "", input.found, input.foundAt, input.where].join("\u0000");
  return `csv:${crypto.createHash("sha256").update(identity).digest("hex")}`;
}

/** The rows of a file as escape inputs, or every problem with them. */
function readRows(stationId: string, csv: string): { rows: { line: number; input: EscapeInput }[]; problems: ImportProblem[] } {
  const { records, error } = parseCsv(csv);
  if (error) return { rows: [], problems: [error] };
  const [header, ...body] = records;
  if (!header)
    return {
      rows: [],
      problems: [{ line: 1, message: "the file is empty: expected a header line (unit or external_id, found, found_at, where[, note, key])" }],
    };
  const names = header.cells.map((cell) => cell.trim().toLowerCase());
  const unknown = names.filter((name) => !(name in COLUMNS));
  const missing = REQUIRED.filter((name) => !names.includes(name));
  const problems: ImportProblem[] = [];
  if (unknown.length > 0)
    problems.push({ line: header.line, message: `unknown column${unknown.length > 1 ? "s" : ""} ${unknown.map((n) => JSON.stringify(n)).join(", ")}` });
  if (missing.length > 0) problems.push({ line: header.line, message: `missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}` });
  if (!names.includes("unit") && !names.includes("external_id"))
    problems.push({ line: header.line, message: "a unit or external_id column must name each unit" });
  if (new Set(names).size !== names.length) problems.push({ line: header.line, message: "a column is named twice" });
  if (problems.length > 0) return { rows: [], problems };
  if (body.length > ESCAPE_IMPORT_MAX_ROWS)
    return {
      rows: [],
      problems: [
        {
          line: (body[ESCAPE_IMPORT_MAX_ROWS] as { line: number }).line,
          message: `more than ${ESCAPE_IMPORT_MAX_ROWS.toLocaleString("en-US")} rows: split the file`,
        },
      ],
    };

  const rows: { line: number; input: EscapeInput }[] = [];
  const keys = new Map<string, number>();
  for (const record of body) {
    if (record.cells.length !== names.length) {
      problems.push({ line: record.line, message: `${record.cells.length} cells where the header has ${names.length}` });
      continue;
    }
    const raw: Record<string, string> = {};
    names.forEach((name, i) => {
      const value = (record.cells[i] as string).trim();
      if (value !== "") raw[COLUMNS[name as Column]] = value;
    });
    const parsed = escapeInputSchema.safeParse({ ...raw, idempotencyKey: raw.idempotencyKey ?? "pending-key" });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      problems.push({ line: record.line, message: issue ? `${issue.path.join(".") || "row"}: ${issue.message}` : "not a valid row" });
      continue;
    }
    const input = { ...parsed.data, idempotencyKey: raw.idempotencyKey ?? derivedKey(stationId, parsed.data) };
    const earlier = keys.get(input.idempotencyKey);
    if (earlier !== undefined) {
      problems.push({ line: record.line, message: `the same finding as line ${earlier}` });
      continue;
    }
    keys.set(input.idempotencyKey, record.line);
    rows.push({ line: record.line, input });
  }
  return { rows, problems };
}

/**
 * Imports a CSV of findings about decided units of the station, whole or not
 * at all. Answers how many rows were new, how many were already stored (by
 * their keys), and the escapes among them by who decided the unit.
 */
export async function importEscapes(
  db: Db,
  station: { id: string },
  csv: string,
  reporter: { userId: string | null; tokenId: string | null },
): Promise<EscapeImportResult> {
  const { rows, problems } = readRows(station.id, csv);
  const unitIds = rows.flatMap((row) => (row.input.unit ? [row.input.unit] : []));
  const externalIds = rows.flatMap((row) => (row.input.externalId ? [row.input.externalId] : []));
  const captures = await db.capture.findMany({
    where: { stationId: station.id, OR: [{ id: { in: unitIds } }, { externalId: { in: externalIds } }] },
    select: { id: true, externalId: true, decidedAt: true },
  });
  const byId = new Map(captures.map((c) => [c.id, c]));
  const byExternalId = new Map(captures.flatMap((c) => (c.externalId ? [[c.externalId, c] as const] : [])));
  const decisions = await decisionsOf(
    db,
    station.id,
    captures.map((c) => c.id),
  );
  const classes = new Set((await db.defectClass.findMany({ where: { stationId: station.id }, select: { key: true } })).map((c) => c.key));

  const accepted: { line: number; input: EscapeInput; captureId: string; decider: Decider; isEscape: boolean }[] = [];
  for (const row of rows) {
    const { input } = row;
    const capture = input.unit ? byId.get(input.unit) : byExternalId.get(input.externalId as string);
    const decision = capture ? decisions.get(capture.id) : undefined;
    if (!capture) problems.push({ line: row.line, message: `no unit ${input.unit ?? input.externalId} at this station` });
    else if (!capture.decidedAt || !decision) problems.push({ line: row.line, message: "the station has not decided this unit yet: nothing escaped" });
    else if (input.found !== OK_LABEL && !classes.has(input.found))
      problems.push({ line: row.line, message: `"${input.found}" is neither "ok" nor a defect class of this station (${[...classes].join(", ")})` });
    else accepted.push({ ...row, captureId: capture.id, decider: decision.decider, isEscape: isEscapeOf(decision.label, input.found) });
  }
  if (problems.length > 0) return { ok: false, problems: problems.sort((a, b) => a.line - b.line) };

  const imported = await db.$transaction(async (tx) => {
    const { count } = await tx.escape.createMany({
      data: accepted.map(({ input, captureId }) => escapeRow(station.id, captureId, input, reporter)),
      skipDuplicates: true,
    });
    if (count > 0) {
      const actor: Actor = reporter.userId ? { kind: "USER", id: reporter.userId } : { kind: "SYSTEM", id: null };
      await appendAudit(tx, {
        stationId: station.id,
        actor,
        action: "ESCAPES_IMPORTED",
        reason: `${count} finding${count === 1 ? "" : "s"} imported from a file of ${accepted.length} row${accepted.length === 1 ? "" : "s"}${reporter.tokenId ? " by a station token" : ""}`,
        evidence: { rows: accepted.length, imported: count, replayed: accepted.length - count, tokenId: reporter.tokenId },
        at: new Date(),
      });
    }
    return count;
  });
  // New escapes may break the escape gate of a station at FULL: its review is requested before this returns.
  if (imported > 0) await requestWorkSoon(db, station.id, "review");
  const escapesByDecider: Record<Decider, number> = { MODEL: 0, INSPECTOR: 0, ASSISTED: 0 };
  for (const row of accepted) if (row.isEscape) escapesByDecider[row.decider] += 1;
  return { ok: true, rows: accepted.length, imported, replayed: accepted.length - imported, escapesByDecider };
}
