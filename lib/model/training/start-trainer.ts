import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Db } from "../../db/index.ts";
import { needsTrainer } from "./runs.ts";

// The app starts a trainer process when runs wait and none is at work: after
// a run is asked for, and whenever someone looks at the runs (so a trainer
// that died, or an app restarted mid-run, heals by itself). With
// UNDERSTUDY_TRAINER=external the app never starts one: `npm run trainer` runs
// elsewhere (another machine, a bigger one).

let startedAt = 0;

export async function startTrainerIfNeeded(db: Db): Promise<boolean> {
  if (process.env.UNDERSTUDY_TRAINER === "external") return false;
  // Trainers serialise their claims, so a second one exits at once; this only spares starting it.
  if (Date.now() - startedAt < 5_000 || !(await needsTrainer(db))) return false;
  startedAt = Date.now();
  const root = process.cwd();
  const child = spawn(
    process.execPath,
    [
      path.join(/*turbopackIgnore: true*/ root, "node_modules/tsx/dist/cli.mjs"),
      // As package.json runs every script: the server barrels import "server-only".
      "--import",
      pathToFileURL(path.join(/*turbopackIgnore: true*/ root, "scripts/server-only-hook.mjs")).href,
      path.join(/*turbopackIgnore: true*/ root, "scripts/trainer.ts"),
    ],
    {
      cwd: root,
      env: process.env,
      stdio: ["ignore", "inherit", "inherit"],
    },
  );
  child.on("error", (error) => console.error("[understudy] could not start the trainer:", error.message));
  // Training takes a core for minutes: it yields to the inspectors' requests.
  if (child.pid) os.setPriority(child.pid, 10);
  child.unref();
  return true;
}
