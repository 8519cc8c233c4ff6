/** A determinate progress bar: `value` of 0..1, announced to assistive technology by its label. */
export function ProgressBar({ label, value }: { label: string; value: number }) {
  const percent = Math.round(Math.min(1, Math.max(0, value)) * 100);
  return (
    <div role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} className="h-2 w-full rounded bg-slate-100">
      <div className="h-2 rounded bg-sky-600 transition-all" style={{ width: `${percent}%` }} />
    </div>
  );
}

/** Work under way whose share done is not known: a pulsing bar and what is being done, for people and screen readers. */
export function WorkingOn({ label }: { label: string }) {
  return (
    <div className="space-y-1 rounded-lg border border-slate-200 bg-white p-3 text-sm text-slate-600">
      <div role="progressbar" aria-label={label} aria-busy="true" className="h-2 w-full animate-pulse rounded bg-sky-200" />
      <p aria-live="polite">{label}</p>
    </div>
  );
}
