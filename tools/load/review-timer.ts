import { spawn } from "node:child_process";
import { PerformanceObserver, type PerformanceEntry } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { SCRIPT_NODE_ARGS } from "../../scripts/serving.ts";
import { reviewStation } from "../../lib/automation/ladder.ts";
import { createPrismaClient } from "../../lib/db/client.ts";
import { nearestRank, toTenth } from "../../lib/metrics/quantile.ts";

// Ladder reviews of the load bench's stations, timed one at a time by a
// process that does nothing else. The bench process holds a run's samples and
// keys (tens of MB of heap), and a collection of that heap inside a timed
// review was the slowest review; the app's own reviews run in the app server,
// whose heap that is not either. Run as a script, it prints its figures as one
// JSON line and logs to stderr.

export interface ReviewTimes {
  p50: number;
  max: number;
  /** The slowest review less the timing process's own garbage collection that overlapped it. */
  maxLessGc: number;
  count: number;
}

const ROUNDS = 20;
const DATABASE_URL_VARIABLE = "REVIEW_TIMER_DATABASE_URL";

/** How much of [from, to) the given pauses (a start and a duration each, in ms) cover. */
export function pausedWithin([from, to]: [number, number], pauses: readonly Pick<PerformanceEntry, "startTime" | "duration">[]): number {
  return pauses
    .map((pause) => Math.max(0, Math.min(to, pause.startTime + pause.duration) - Math.max(from, pause.startTime)))
    .reduce((sum, overlap) => sum + overlap, 0);
}

/** In this process: each station's review, ROUNDS rounds of all stations in turn, as the app's background work runs them. */
async function timeReviewsHere(url: string, slugs: readonly string[], log: (line: string) => void): Promise<ReviewTimes> {
  const db = createPrismaClient(url);
  try {
    const stations = await db.station.findMany({ where: { slug: { in: [...slugs] } }, select: { id: true } });
    if (stations.length !== slugs.length) throw new Error(`stations ${slugs.join(", ")}: ${stations.length} found`);
    const vacuums = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'`;
    log(`before the reviews: ${vacuums[0]?.n ?? 0} autovacuum workers running`);
    for (const { id } of stations) await reviewStation(db, id); // a connection and the queries' plans
    const collections: PerformanceEntry[] = [];
    const observer = new PerformanceObserver((list) => collections.push(...list.getEntries()));
    observer.observe({ entryTypes: ["gc"] });
    const spans: [number, number][] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const { id } of stations) {
        const started = performance.now();
        await reviewStation(db, id);
        spans.push([started, performance.now()]);
      }
    }
    await new Promise((resolve) => setImmediate(resolve));
    observer.disconnect();
    const times = spans.map(([from, to]) => to - from);
    log(`review times (ms, in order): ${times.map((t) => t.toFixed(1)).join(" ")}`);
    const lessGc = times.map((time, i) => {
      const paused = pausedWithin(spans[i]!, collections);
      if (time >= 10) log(`slow review ${i + 1}: ${time.toFixed(1)} ms, of it ${paused.toFixed(1)} ms in the timing process's garbage collection`);
      return time - paused;
    });
    return { p50: toTenth(nearestRank(times, 0.5)), max: toTenth(Math.max(...times)), maxLessGc: toTenth(Math.max(...lessGc)), count: times.length };
  } finally {
    await db.$disconnect();
  }
}

/** Times the stations' reviews in a process of its own; its log lines go to `log`. */
export async function timeReviews(url: string, slugs: readonly string[], log: (line: string) => void): Promise<ReviewTimes> {
  const child = spawn(process.execPath, [...SCRIPT_NODE_ARGS, fileURLToPath(import.meta.url), ...slugs], {
    env: { ...process.env, [DATABASE_URL_VARIABLE]: url },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => {
    err += chunk.toString();
    const lines = err.split("\n");
    err = lines.pop() ?? "";
    for (const line of lines) if (line.trim()) log(line);
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  if (err.trim()) log(err);
  if (code !== 0) throw new Error(`the review timer exited with ${code}`);
  // The figures are the last line: anything a library printed comes before.
  return JSON.parse(out.trim().split("\n").at(-1) ?? "") as ReviewTimes;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const url = process.env[DATABASE_URL_VARIABLE];
  if (!url) throw new Error(`${DATABASE_URL_VARIABLE} is not set`);
  const times = await timeReviewsHere(url, process.argv.slice(2), (line) => console.error(line));
  process.stdout.write(`${JSON.stringify(times)}\n`);
}
