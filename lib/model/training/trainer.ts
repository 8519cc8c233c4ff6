import fs from "node:fs";
import type { Db } from "../../db/index.ts";
import { modelDir, trainedModelDir } from "../model-dir.ts";
import { trainModelVersion } from "./train-version.ts";
import { DEFAULT_TRAINING, evaluateVersionOn, NEW_CLASSES_LEARNING_RATE, TrainingRefused } from "./pipeline.ts";
import { upsertModelVersion } from "./register.ts";
import { claimNextRun, finishRun, reportProgress, type RunComparison } from "./runs.ts";

// The trainer: claims queued retraining runs one at a time and trains each on
// its station's labelled photos, reporting to the run's row (lib/model/training/runs.ts).

class RunCancelled extends Error {}

/** Trains queued runs until none is left (or another trainer is at work); returns how many it took. */
export async function trainQueuedRuns(db: Db, log: (line: string) => void): Promise<number> {
  let taken = 0;
  for (let run = await claimNextRun(db); run; run = await claimNextRun(db)) {
    taken++;
    log(`training ${run.version} for ${run.stationSlug}`);
    await trainRun(db, run);
    log(`${run.version} done`);
  }
  return taken;
}

async function trainRun(db: Db, run: NonNullable<Awaited<ReturnType<typeof claimNextRun>>>): Promise<void> {
  const pending: string[] = [];
  let progress = 0;
  let flushedAt = 0;
  const flush = async () => {
    flushedAt = Date.now();
    const { isCancelled } = await reportProgress(db, run.id, progress, pending.splice(0));
    if (isCancelled) throw new RunCancelled();
  };
  // Evaluation and saving write no progress: the heartbeat says the trainer is alive meanwhile.
  const heartbeat = setInterval(() => void reportProgress(db, run.id, progress, []).catch(() => {}), 10_000);
  const dir = trainedModelDir(run.version);
  try {
    const { options } = run;
    const active = await activeModelOf(db, run.stationSlug);
    const outcome = await trainModelVersion(
      {
        ...DEFAULT_TRAINING,
        version: run.version,
        data: options.synthShare > 0 ? `synth+db:${run.stationSlug}` : `db:${run.stationSlug}`,
        synthShare: options.synthShare > 0 ? options.synthShare : DEFAULT_TRAINING.synthShare,
        testPhotos: 600,
        epochs: options.epochs,
        holdout: options.holdout,
        photos: options.photos,
        ...(options.folds >= 2 ? { folds: options.folds } : {}),
        ...(options.fineTune && active ? { initFrom: active } : {}),
        // One column a new class: a faster rate than the whole network's fine-tune. Without an
        // active model to keep, trainModelVersion refuses it rather than training a whole model.
        ...(options.newClassesOnly ? { newClassesOnly: true, learningRate: NEW_CLASSES_LEARNING_RATE } : {}),
        // Patience as long as the run: no epoch can end it early.
        ...(options.earlyStop ? {} : { patience: options.epochs }),
      },
      {
        log: (line) => pending.push(line),
        progress: async (at) => {
          progress = Math.min(0.99, (at.epoch - 1 + at.batch / at.batches) / at.epochs);
          // At most once a second, and at every epoch's end: on wasm a small line's whole run can take about a second.
          if (Date.now() - flushedAt >= 1_000 || at.batch === at.batches) await flush();
        },
        dir,
        db,
      },
    );
    progress = 0.99;
    await flush();
    // Side by side on the line's own held-out photos (a mix's synthetic ones are reported apart, as the base line).
    const lineTest = outcome.test.filter((example) => example.origin !== "synth");
    const trainedOnLine = outcome.reports["held-out split, the line's photos only"] ?? outcome.reports["held-out split"]!;
    const base = outcome.reports["fresh synthetic test set, normal lighting"];
    const baseBefore = active ? outcome.reports[`fresh synthetic test set, normal lighting: ${active} before`] : undefined;
    const comparison: RunComparison = {
      photos: lineTest.length,
      trained: { version: run.version, evaluation: trainedOnLine },
      active: active ? { version: active, evaluation: await evaluateVersionOn(modelDir(active), lineTest) } : null,
      base: base ? { photos: base.photos, trained: base, active: baseBefore ?? null } : null,
      thresholdWarning: outcome.thresholdWarning,
    };
    await upsertModelVersion(db, outcome.metadata, `/models/${run.version}`);
    pending.push(
      `registered ${run.version}: browsers load it from /models/${run.version}/ now; make it the station's candidate to run it beside ${active ?? "no active model"}`,
    );
    await flush();
    await finishRun(db, run.id, { status: "SUCCEEDED", comparison });
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    if (error instanceof RunCancelled) {
      await finishRun(db, run.id, { status: "CANCELLED" });
      return;
    }
    const message = error instanceof TrainingRefused ? `Cannot train: ${error.message}.` : `Training failed: ${(error as Error).message}`;
    pending.push(message);
    await reportProgress(db, run.id, progress, pending.splice(0)).catch(() => {});
    await finishRun(db, run.id, { status: "FAILED", error: message });
  } finally {
    clearInterval(heartbeat);
  }
}

/** The station's active model, when its files are here to score with. */
async function activeModelOf(db: Db, slug: string): Promise<string | null> {
  const automation = await db.stationAutomation.findFirst({
    where: { station: { slug } },
    select: { activeModel: { select: { version: true, artifactPath: true } } },
  });
  const model = automation?.activeModel;
  if (!model?.artifactPath || !fs.existsSync(modelDir(model.version))) return null;
  return model.version;
}
