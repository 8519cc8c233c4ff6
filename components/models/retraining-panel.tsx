"use client";

import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { cancelTrainingRunAction, makeCandidateAction, startTrainingRunAction } from "@/app/(app)/models/actions";
import { ProgressBar } from "@/components/ui/progress-bar";
import { formatInstant } from "@/lib/text";
import type { Evaluation, TrainingRunView } from "@/lib/model/client";

const field = "mt-1 w-full rounded border border-slate-300 px-3 py-2";
const percent = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : "–");
const isOpen = (run: TrainingRunView) => (run.status === "QUEUED" || run.status === "RUNNING") && !run.isLost;

/**
 * A line engineer retrains a station's model from its labelled photos:
 * starts a run, watches it, cancels it, compares the new version with the
 * active one on the same held-out photos, and makes it the candidate.
 */
export function RetrainingPanel({
  stations,
  initialStation,
  initialRuns,
}: {
  stations: { slug: string; name: string }[];
  initialStation: string;
  initialRuns: TrainingRunView[];
}) {
  const [station, setStation] = useState(initialStation);
  const [runs, setRuns] = useState(initialRuns);
  const [message, setMessage] = useState<{ text: string; isError: boolean } | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  const refresh = useCallback(async (slug: string) => {
    const response = await fetch(`/api/stations/${encodeURIComponent(slug)}/training-runs`).catch(() => null);
    if (response?.ok) setRuns(((await response.json()) as { runs: TrainingRunView[] }).runs);
  }, []);

  // While a run is queued or training, its row is read again every second.
  const isTraining = runs.some(isOpen);
  useEffect(() => {
    if (!isTraining) return;
    const timer = setInterval(() => void refresh(station), 1_000);
    return () => clearInterval(timer);
  }, [isTraining, refresh, station]);

  const start = async (form: FormData) => {
    setIsBusy(true);
    const body = {
      epochs: Number(form.get("epochs")),
      holdout: Number(form.get("holdout")) / 100,
      photos: Number(form.get("photos")),
      synthShare: Number(form.get("synthShare")) / 100,
      folds: Number(form.get("folds")),
      fineTune: form.get("fineTune") === "on",
      newClassesOnly: form.get("newClassesOnly") === "on",
      earlyStop: form.get("earlyStop") === "on",
    };
    const problem = await startTrainingRunAction(station, body).catch(() => "The server did not answer; nothing changed. Try again.");
    setMessage(problem ? { text: problem, isError: true } : { text: "Run queued; the trainer starts on it in a moment.", isError: false });
    await refresh(station);
    setIsBusy(false);
  };

  return (
    <section aria-labelledby="retraining" className="mt-10 space-y-4">
      <h2 id="retraining" className="text-lg font-semibold">
        Retrain on a station&apos;s photos
      </h2>
      <p className="max-w-3xl text-sm text-slate-600">
        Trains a new version on the station&apos;s labelled photos (an engineer&apos;s settled truth first, else the newest human verdict; each photo once), in
        the background, one run at a time. Part of the photos is held out: half places the operating threshold, half tests the new version and the active one
        side by side. With few photos, folds place the threshold on every training and validation photo instead, each scored by a model trained without it (one
        more training per fold). Making it the candidate runs it beside the active model on the inspectors&apos; units; switching is the manager&apos;s call on{" "}
        <a className="underline" href="/automation">
          /automation
        </a>
        .
      </p>
      <form action={start} aria-label="Start a retraining run" className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-5">
        <label className="text-sm">
          Station
          <select
            name="station"
            value={station}
            onChange={(event) => {
              setStation(event.target.value);
              setMessage(null);
              void refresh(event.target.value);
            }}
            className={field}
          >
            {stations.map((s) => (
              <option key={s.slug} value={s.slug}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <NumberField label="Epochs at most" name="epochs" min={1} max={40} value={8} />
        <NumberField label="Held out (%)" name="holdout" min={10} max={60} value={30} />
        <NumberField label="Photos at most" name="photos" min={20} max={20000} value={2000} />
        <NumberField label="Synthetic photos mixed in (%)" name="synthShare" min={0} max={90} value={0} />
        <NumberField label="Folds for the threshold (0: none)" name="folds" min={0} max={10} value={0} />
        <label className="flex items-center gap-2 self-end pb-2 text-sm sm:col-span-3">
          <input type="checkbox" name="fineTune" defaultChecked />
          Start from the active model&apos;s weights (its classes kept, new ones start fresh)
        </label>
        <label className="flex items-center gap-2 self-end pb-2 text-sm sm:col-span-2">
          <input type="checkbox" name="earlyStop" defaultChecked />
          Stop early when validation stops improving
        </label>
        <label className="flex items-center gap-2 text-sm sm:col-span-5">
          <input type="checkbox" name="newClassesOnly" />
          Learn only the classes the active model lacks (its own classes score exactly as before; its threshold stands unless the line&apos;s ok photos show it
          rejects more)
        </label>
        <div className="flex items-center gap-3 sm:col-span-5">
          <button type="submit" disabled={isBusy || isTraining} className="rounded bg-slate-900 px-3 py-2 text-sm font-medium text-white disabled:opacity-60">
            Start retraining
          </button>
          {isTraining ? <span className="text-sm text-slate-600">A run is under way at this station.</span> : null}
          {message ? (
            <p role={message.isError ? "alert" : "status"} className={`text-sm ${message.isError ? "text-red-700" : "text-green-700"}`}>
              {message.text}
            </p>
          ) : null}
        </div>
      </form>
      {runs.length === 0 ? <p className="text-sm text-slate-600">No retraining runs at this station yet.</p> : null}
      {runs.map((run) => (
        <RunCard key={run.id} run={run} onChange={() => refresh(station)} />
      ))}
    </section>
  );
}

/**
 * The whole log (the server keeps its last 20,000 characters), so the
 * classes and the split stay readable above the epochs; the box follows
 * the newest line unless the engineer has scrolled up to read.
 */
function RunLog({ version, log }: { version: string; log: string }) {
  const box = useRef<HTMLPreElement>(null);
  const isFollowing = useRef(true);
  useLayoutEffect(() => {
    if (box.current && isFollowing.current) box.current.scrollTop = box.current.scrollHeight;
  }, [log]);
  const text = log.trimEnd();
  if (!text) return null;
  return (
    <pre
      ref={box}
      aria-label={`Log of ${version}`}
      onScroll={(event) => {
        const { scrollTop, scrollHeight, clientHeight } = event.currentTarget;
        isFollowing.current = scrollHeight - scrollTop - clientHeight < 8;
      }}
      className="max-h-48 overflow-auto whitespace-pre-wrap rounded bg-slate-950 p-3 text-xs text-slate-100"
    >
      {text}
    </pre>
  );
}

function NumberField({ label, name, min, max, value }: { label: string; name: string; min: number; max: number; value: number }) {
  return (
    <label className="text-sm">
      {label}
      <input name={name} type="number" min={min} max={max} defaultValue={value} className={field} />
    </label>
  );
}

const STATUS_WORDS: Record<TrainingRunView["status"], string> = {
  QUEUED: "waiting for the trainer",
  RUNNING: "training",
  SUCCEEDED: "trained and registered",
  FAILED: "failed",
  CANCELLED: "cancelled",
};

function RunCard({ run, onChange }: { run: TrainingRunView; onChange: () => Promise<void> }) {
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const act = async (change: () => Promise<string | null>, success: string) => {
    const failed = await change().catch(() => "The server did not answer; nothing changed. Try again.");
    setProblem(failed);
    if (!failed) setDone(success);
    await onChange();
  };
  const status = run.isLost ? "lost: the trainer stopped" : run.status === "RUNNING" && run.cancelRequested ? "cancelling" : STATUS_WORDS[run.status];
  return (
    <article aria-label={`Run ${run.version}`} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-center gap-3">
        <h3 className="font-mono text-sm font-semibold">{run.version}</h3>
        <span data-testid="run-status" className="rounded bg-slate-100 px-2 py-0.5 text-sm">
          {status}
        </span>
        <span className="text-xs text-slate-500">
          started by {run.requestedBy} at {formatInstant(new Date(run.createdAt), { timeZone: run.timeZone })} · {run.options.epochs} epochs at most,{" "}
          {Math.round(run.options.holdout * 100)}% held out
          {run.options.synthShare > 0 ? `, ${Math.round(run.options.synthShare * 100)}% synthetic` : ""}
          {run.options.fineTune ? (run.options.newClassesOnly ? ", its new classes only, from the active model" : ", from the active model") : ", from scratch"}
          {run.options.earlyStop ? "" : ", no early stop"}
          {run.options.folds >= 2 ? `, ${run.options.folds} folds` : ""}
        </span>
        {isOpen(run) && !run.cancelRequested ? (
          <button
            type="button"
            onClick={() => void act(() => cancelTrainingRunAction(run.id), "Cancelled.")}
            className="ml-auto rounded border border-slate-300 px-3 py-1 text-sm"
          >
            Cancel run
          </button>
        ) : null}
      </div>
      {run.status === "RUNNING" || run.status === "QUEUED" ? <ProgressBar label={`Progress of ${run.version}`} value={run.progress} /> : null}
      <RunLog version={run.version} log={run.log} />
      {run.error ? <p className="text-sm text-red-700">{run.error}</p> : null}
      {run.comparison ? <Comparison run={run} /> : null}
      {run.status === "SUCCEEDED" ? (
        run.isCandidate ? (
          <p className="text-sm text-green-700">The candidate at {run.stationName}: it predicts beside the active model on every unit.</p>
        ) : (
          <button
            type="button"
            onClick={() => void act(() => makeCandidateAction(run.station, run.version), `${run.version} is the candidate at ${run.stationName}.`)}
            className="rounded bg-slate-900 px-3 py-2 text-sm font-medium text-white"
          >
            Make it the candidate at {run.stationName}
          </button>
        )
      ) : null}
      {problem ? (
        <p role="alert" className="text-sm text-red-700">
          {problem}
        </p>
      ) : null}
      {done && !problem ? (
        <p role="status" className="text-sm text-green-700">
          {done}
        </p>
      ) : null}
    </article>
  );
}

function Comparison({ run }: { run: TrainingRunView }) {
  const comparison = run.comparison;
  if (!comparison) return null;
  const sides: { name: string; evaluation: Evaluation }[] = [
    { name: `${comparison.trained.version} (new)`, evaluation: comparison.trained.evaluation },
    ...(comparison.active ? [{ name: `${comparison.active.version} (active)`, evaluation: comparison.active.evaluation }] : []),
  ];
  return (
    <div className="space-y-2">
      <table aria-label={`Evaluation of ${run.version}`} className="text-sm">
        <caption className="mb-1 text-left text-slate-600">
          On the same {comparison.photos} held-out photos of the station, each at its own operating threshold
        </caption>
        <thead>
          <tr className="text-left text-slate-500">
            <th className="pr-6 font-medium">Version</th>
            <th className="pr-6 font-medium">Defect recall</th>
            <th className="pr-6 font-medium">False-reject rate</th>
            <th className="pr-6 font-medium">ROC-AUC</th>
          </tr>
        </thead>
        <tbody>
          {sides.map((side) => (
            <tr key={side.name}>
              <td className="pr-6 font-mono">{side.name}</td>
              <td className="pr-6">{percent(side.evaluation.defectRecall)}</td>
              <td className="pr-6">{percent(side.evaluation.falseRejectRate)}</td>
              <td className="pr-6">{Number.isFinite(side.evaluation.rocAuc) ? side.evaluation.rocAuc.toFixed(3) : "–"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {comparison.base ? (
        <p className="text-sm text-slate-700">
          On {comparison.base.photos} fresh synthetic photos (the base line it must not forget): defect recall {percent(comparison.base.trained.defectRecall)}{" "}
          at {percent(comparison.base.trained.falseRejectRate)} false rejects
          {comparison.base.active && comparison.active
            ? `, against ${percent(comparison.base.active.defectRecall)} at ${percent(comparison.base.active.falseRejectRate)} for ${comparison.active.version}`
            : ""}
          .
        </p>
      ) : null}
      {comparison.thresholdWarning ? <p className="text-sm text-amber-800">Not yet a promise: {comparison.thresholdWarning}</p> : null}
    </div>
  );
}
