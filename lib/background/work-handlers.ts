import { handleWork, requestWork } from "./station-work.ts";

// What each kind of station work does, registered wherever work is requested
// or swept (the background door imports this module). The work lives in
// automation and drift, which request work through this door: they are
// imported when the work first runs, so the door does not import them back.

// New evidence (a verdict, an escape) may widen or roll back a canary, or demote a station whose model decides alone.
handleWork("review", async (db, stationId) => {
  const { reviewStation } = await import("../automation/index.ts");
  await reviewStation(db, stationId);
});

// New predictions may complete a drift window; an alert that opens has the ladder review the station.
handleWork("drift", async (db, stationId) => {
  const { checkDrift, LIVE_MAX_WINDOWS } = await import("../drift/index.ts");
  const outcome = await checkDrift(db, stationId, { maxWindows: LIVE_MAX_WINDOWS });
  if (outcome.opened.length > 0) await requestWork(db, stationId, "review");
});
