// `npm run trainer`: trains the retraining runs engineers queued on /models,
// one at a time, then exits. The app starts it by itself when runs wait
// (lib/model/training/start-trainer.ts); run it by hand with
// UNDERSTUDY_TRAINER=external to train on another machine. Uses DATABASE_URL,
// or the embedded PostgreSQL of the running `npm start`.
import { createPrismaClient, dataDir } from "../lib/db/index.ts";
import { openDatabase } from "../lib/postgres/index.ts";
import { needsTrainer } from "../lib/model/training/runs.ts";

const log = (line: string) => console.log(`[trainer] ${line}`);
const database = await openDatabase(dataDir(), () => {});
const db = createPrismaClient(database.appUrl);
try {
  if (await needsTrainer(db)) {
    // tfjs only when there is work: a trainer with nothing to do exits in a moment.
    const { trainQueuedRuns } = await import("../lib/model/training/trainer.ts");
    const taken = await trainQueuedRuns(db, log);
    if (taken === 0) log("another trainer is at work");
  }
} finally {
  await db.$disconnect();
  await database.stop();
}
