"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { importEscapesAction, type EscapeImportOutcome } from "@/app/(app)/automation/actions";
import { Field, inputClass } from "./action-form";

/** Problems listed under a refused file; the rest are counted. */
const PROBLEMS_SHOWN = 20;

/** An engineer, manager or admin imports a CSV of findings (end-of-line failures, returns): whole, or not at all. */
export function EscapeImportForm({ slug, maxBytes }: { slug: string; maxBytes: number }) {
  const router = useRouter();
  const [outcome, setOutcome] = useState<EscapeImportOutcome | null>(null);
  const [isBusy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const file = new FormData(event.currentTarget).get("file");
    if (!(file instanceof File) || file.size === 0) return setOutcome({ kind: "failed", detail: "Choose a CSV file first." });
    if (file.size > maxBytes) return setOutcome({ kind: "failed", detail: `The file is over ${maxBytes / 1024 / 1024} MB: split it into smaller files.` });
    setBusy(true);
    try {
      const answer = await importEscapesAction(slug, await file.text());
      setOutcome(answer);
      if (answer.kind === "done") router.refresh();
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
          {outcome.rows} finding{outcome.rows === 1 ? "" : "s"} in the file,{" "}
          {outcome.escapes === 1 ? "1 of them an escape" : `${outcome.escapes} of them escapes`}: {outcome.imported} stored now
          {outcome.replayed > 0 ? `, ${outcome.replayed} stored before` : ""}.
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
