"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Field, inputClass } from "./action-form";

type Outcome =
  | { kind: "done"; imported: number; replayed: number; escapes: number }
  | { kind: "refused"; detail: string; problems: { line: number; message: string }[] }
  | { kind: "failed"; detail: string };

/** Problems listed under a refused file; the rest are counted. */
const PROBLEMS_SHOWN = 20;

/** An engineer, manager or admin imports a CSV of findings (end-of-line failures, returns): whole, or not at all. */
export function EscapeImportForm({ slug }: { slug: string }) {
  const router = useRouter();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [isBusy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const file = new FormData(event.currentTarget).get("file");
    if (!(file instanceof File) || file.size === 0) return setOutcome({ kind: "failed", detail: "Choose a CSV file first." });
    setBusy(true);
    try {
      const response = await fetch(`/api/stations/${encodeURIComponent(slug)}/escapes/import`, {
        method: "POST",
        headers: { "content-type": "text/csv" },
        body: await file.text(),
      });
      const body = (await response.json().catch(() => null)) as
        | { imported: number; replayed: number; escapesByDecider: Record<string, number> }
        | { detail?: string; problems?: { line: number; message: string }[] }
        | null;
      if (response.ok && body && "imported" in body) {
        setOutcome({
          kind: "done",
          imported: body.imported,
          replayed: body.replayed,
          escapes: Object.values(body.escapesByDecider).reduce((a, b) => a + b, 0),
        });
        router.refresh();
      } else if (body && "problems" in body && body.problems) {
        setOutcome({ kind: "refused", detail: "Nothing was imported: fix these rows and import the file again.", problems: body.problems });
      } else {
        setOutcome({ kind: "failed", detail: (body && "detail" in body && body.detail) || `The import failed (${response.status}).` });
      }
    } catch {
      setOutcome({ kind: "failed", detail: "The server did not answer; nothing changed. Try again." });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form aria-label="Import findings" onSubmit={onSubmit} className="flex flex-wrap items-end gap-3 text-sm">
      <Field label="CSV: unit (or external_id), found, found_at, where[, note, key]">
        <input type="file" name="file" accept=".csv,text/csv" className={inputClass} />
      </Field>
      <button
        type="submit"
        disabled={isBusy}
        className="rounded border border-slate-300 px-3 py-1.5 font-medium text-slate-800 hover:bg-slate-50 disabled:opacity-50"
      >
        Import findings
      </button>
      {outcome?.kind === "done" ? (
        <p role="status" className="basis-full rounded bg-emerald-50 px-3 py-2 text-emerald-800">
          {outcome.imported} finding{outcome.imported === 1 ? "" : "s"} imported, {outcome.escapes} of them escape{outcome.escapes === 1 ? "" : "s"}
          {outcome.replayed > 0 ? `; ${outcome.replayed} already stored` : ""}.
        </p>
      ) : null}
      {outcome?.kind === "refused" ? (
        <div role="alert" className="basis-full rounded bg-red-50 px-3 py-2 text-red-700">
          <p>{outcome.detail}</p>
          <ul className="mt-1 list-disc pl-5">
            {outcome.problems.slice(0, PROBLEMS_SHOWN).map((p) => (
              <li key={`${p.line}:${p.message}`}>
                line {p.line}: {p.message}
              </li>
            ))}
          </ul>
          {outcome.problems.length > PROBLEMS_SHOWN ? <p>…and {outcome.problems.length - PROBLEMS_SHOWN} more.</p> : null}
        </div>
      ) : null}
      {outcome?.kind === "failed" ? (
        <p role="alert" className="basis-full rounded bg-red-50 px-3 py-2 text-red-700">
          {outcome.detail}
        </p>
      ) : null}
    </form>
  );
}
