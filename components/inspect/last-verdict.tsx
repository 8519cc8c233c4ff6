"use client";

import { useEffect, useState } from "react";
import { formatTime } from "@/lib/text";

/**
 * The verdict just given (class, unit, time), and Undo while its window is
 * open, counting down; past the window Undo closes and says why. It ticks on
 * its own, so the station around it does not re-render four times a second.
 */
export function LastVerdict({
  last,
  windowMs,
  timeZone,
  onUndo,
}: {
  last: { label: string; unitId: string; at: number } | null;
  windowMs: number;
  timeZone: string;
  onUndo: () => void;
}) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!last) return;
    const timer = setInterval(() => {
      setNow(Date.now());
      if (Date.now() - last.at > windowMs) clearInterval(timer);
    }, 250);
    return () => clearInterval(timer);
  }, [last, windowMs]);
  // Until the first tick after a new verdict, `now` may be older than it: no time has passed yet.
  const leftMs = last ? windowMs - Math.max(0, now - last.at) : 0;
  const mayUndo = last !== null && leftMs > 0;
  return (
    <div className="space-y-2">
      <button
        type="button"
        onClick={onUndo}
        disabled={!mayUndo}
        aria-describedby="undo-state"
        className="w-full rounded border border-slate-300 px-3 py-1.5 text-sm disabled:opacity-40"
      >
        Undo last <kbd className="ml-1 font-mono text-xs">u</kbd>
      </button>
      <div data-testid="last-verdict" className="rounded border border-slate-200 bg-white p-2 text-sm" aria-live="polite">
        {last ? (
          <>
            <p>
              Last: <strong>{last.label}</strong> · unit <span className="font-mono">{last.unitId.slice(0, 8)}</span> ·{" "}
              {formatTime(new Date(last.at), timeZone)}
            </p>
            <p id="undo-state" className="text-slate-500">
              {mayUndo ? `Undo possible for ${Math.ceil(leftMs / 1000)} s more` : `Sent: the ${windowMs / 1000}-second undo window has passed`}
            </p>
          </>
        ) : (
          <p id="undo-state" className="text-slate-500">
            Nothing judged yet. Press <kbd className="font-mono">?</kbd> for the keys.
          </p>
        )}
      </div>
    </div>
  );
}
