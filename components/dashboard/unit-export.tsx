"use client";

import { useRef, useState } from "react";
import { ProgressBar } from "@/components/ui/progress-bar";

type State =
  { kind: "idle" } | { kind: "running"; rows: number; total: number } | { kind: "done"; rows: number; file: string } | { kind: "failed"; message: string };

const count = (n: number) => n.toLocaleString("en");

/** Rows in a piece of CSV: its line ends (no field of the export holds one). */
function lineEnds(text: string): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

/**
 * Every compared unit of the dashboard's filters as a CSV file, with the
 * rows received so far against the total the server announces (a month of a
 * busy line is hundreds of thousands of rows), and a way to stop.
 */
export function UnitExport({ query, units }: { query: string; units: number }) {
  const [state, setState] = useState<State>({ kind: "idle" });
  const abort = useRef<AbortController | null>(null);

  async function run() {
    const controller = new AbortController();
    abort.current = controller;
    setState({ kind: "running", rows: 0, total: units });
    try {
      const response = await fetch(`/api/evidence/units?${query}`, { signal: controller.signal });
      if (!response.ok || !response.body) {
        const problem = (await response.json().catch(() => null)) as { detail?: string } | null;
        setState({ kind: "failed", message: problem?.detail ?? `The export failed (${response.status}).` });
        return;
      }
      const total = Number(response.headers.get("x-total-rows") ?? units);
      const file = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? "units.csv";
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      const parts: string[] = [];
      let lines = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value);
        lines += lineEnds(value);
        // The first line is the header.
        setState({ kind: "running", rows: Math.max(0, lines - 1), total });
      }
      const url = URL.createObjectURL(new Blob(parts, { type: "text/csv" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = file;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setState({ kind: "done", rows: Math.max(0, lines - 1), file });
    } catch (error) {
      setState(
        controller.signal.aborted
          ? { kind: "idle" }
          : { kind: "failed", message: `The export stopped: ${(error as Error).message}. Nothing was saved; try again.` },
      );
    } finally {
      abort.current = null;
    }
  }

  return (
    <section aria-label="Export" className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-3 text-sm">
      <div className="flex flex-wrap items-center gap-3">
        <span className="text-slate-600">Every compared unit of these filters, one row each, for a notebook or a spreadsheet.</span>
        {state.kind === "running" ? (
          <button type="button" onClick={() => abort.current?.abort()} className="rounded border border-slate-300 px-3 py-1">
            Stop the export
          </button>
        ) : (
          <button type="button" onClick={() => void run()} className="rounded bg-slate-900 px-3 py-1 font-medium text-white">
            Export {count(units)} units as CSV
          </button>
        )}
      </div>
      {state.kind === "running" ? (
        <>
          <ProgressBar label="Export progress" value={state.total > 0 ? state.rows / state.total : 0} />
          <p aria-live="polite" className="text-slate-600 tabular-nums">
            Exported {count(state.rows)} of {count(state.total)} units…
          </p>
        </>
      ) : null}
      {state.kind === "done" ? (
        <p aria-live="polite" className="text-green-700">
          Saved {state.file}: {count(state.rows)} units.
        </p>
      ) : null}
      {state.kind === "failed" ? (
        <p role="alert" className="text-red-700">
          {state.message}
        </p>
      ) : null}
    </section>
  );
}
