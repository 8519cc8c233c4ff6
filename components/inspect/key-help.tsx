"use client";

import { useEffect, useRef } from "react";

/** The keys of the inspection station, opened with `?` and closed with Escape (or `?` again). */
export function KeyHelp({ labels, onClose }: { labels: { key: string; label: string }[]; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  return (
    <dialog
      ref={dialog}
      aria-labelledby="key-help-title"
      onClose={onClose}
      onClick={(event) => event.target === dialog.current && onClose()}
      className="m-auto rounded-lg p-6 shadow-xl backdrop:bg-slate-900/40"
    >
      <h2 id="key-help-title" className="mb-3 text-lg font-semibold">
        Keys
      </h2>
      <table className="text-sm">
        <tbody>
          {labels.map((label, index) => (
            <tr key={label.key}>
              <td className="py-0.5 pr-4">
                <kbd className="rounded border border-slate-300 px-1.5 font-mono">{index + 1}</kbd>
              </td>
              <td>{label.label}: the verdict, then the next unit</td>
            </tr>
          ))}
          <tr>
            <td className="py-0.5 pr-4">
              <kbd className="rounded border border-slate-300 px-1.5 font-mono">u</kbd> or{" "}
              <kbd className="rounded border border-slate-300 px-1.5 font-mono">Ctrl+Z</kbd>
            </td>
            <td>take back the last verdict, within 5 seconds</td>
          </tr>
          <tr>
            <td className="py-0.5 pr-4">click the photo</td>
            <td>zoom in and out; the keys keep working</td>
          </tr>
          <tr>
            <td className="py-0.5 pr-4">
              <kbd className="rounded border border-slate-300 px-1.5 font-mono">?</kbd>
            </td>
            <td>this help; Escape closes it</td>
          </tr>
        </tbody>
      </table>
      <button type="button" onClick={onClose} className="mt-4 rounded border border-slate-300 px-3 py-1.5 text-sm">
        Close
      </button>
    </dialog>
  );
}
