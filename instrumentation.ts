// Runs once when a server instance starts (Next.js instrumentation). In the
// Node runtime, each instance sweeps the stations' durable background work,
// so work an instance left behind when it died is taken up by the others;
// with PHOTO_RETENTION_DAYS set, each also sweeps expired photos hourly (one
// instance at a time does the work).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // The background door registers what each kind of work does.
  const { startWorkSweeper } = await import("./lib/background");
  const { db, dataDir } = await import("./lib/db");
  startWorkSweeper(db);
  const { appCaptureStore, photoRetentionDays, startPhotoRetention } = await import("./lib/captures");
  const retentionDays = photoRetentionDays(process.env);
  if (retentionDays)
    startPhotoRetention(
      db,
      () => appCaptureStore(dataDir()),
      retentionDays,
      (line) => console.log(`[understudy] ${line}`),
    );
}
