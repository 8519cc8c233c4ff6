"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { demoteStationAction } from "@/app/(app)/automation/actions";
import { sendOrSay } from "./action-form";

/** One click (and a reason) moves the station one level down. */
export function DemoteButton({ slug, stationName, disabled, label = "Demote" }: { slug: string; stationName: string; disabled: boolean; label?: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);

  async function demote() {
    const reason = window.prompt(`Why move ${stationName} down one level?`);
    if (!reason?.trim()) return;
    setBusy(true);
    setError(null);
    const problem = await sendOrSay((body) => demoteStationAction(slug, body), { reason });
    setBusy(false);
    if (problem) setError(problem);
    else router.refresh();
  }

  return (
    <span className="inline-flex flex-col items-start gap-1">
      <button
        type="button"
        onClick={demote}
        disabled={disabled || isBusy}
        aria-label={`${label} ${stationName}`}
        className="rounded border border-red-300 px-2 py-1 text-sm text-red-700 hover:bg-red-50 disabled:cursor-not-allowed disabled:opacity-40"
      >
        {label}
      </button>
      {error ? (
        <span role="alert" className="text-xs text-red-700">
          {error}
        </span>
      ) : null}
    </span>
  );
}
