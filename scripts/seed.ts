// `npm run seed -- --units N [--days D] [--seed S]`: seeds a realistic history
// (lib/demo/seed-history.ts) into DATABASE_URL, or the embedded PostgreSQL under
// .data/. Creates the demo stations first if the database has none.
import { parseArgs } from "node:util";
import { captureStoreFromEnv } from "../lib/captures/storage.ts";
import { ConfigError, createPrismaClient, dataDir, ensureWritableDir, migrate } from "../lib/db/index.ts";
import { openDatabase } from "../lib/postgres/index.ts";
import { DEMO_STATIONS, HistoryError, seedHistory } from "../lib/demo/index.ts";
import { demoModelOrder, shippedModels } from "../lib/model/shipped.ts";
import { createStation } from "../lib/stations/stations.ts";

const log = (line: string) => console.log(`[understudy] ${line}`);

const { values } = parseArgs({
  options: { units: { type: "string" }, days: { type: "string", default: "30" }, seed: { type: "string", default: "2026" } },
});
const units = Number(values.units);
const days = Number(values.days);
const seed = Number(values.seed);
if (!Number.isInteger(units) || units < 1 || !Number.isFinite(days) || days <= 0 || !Number.isInteger(seed)) {
  console.error("usage: npm run seed -- --units N [--days D] [--seed S]   (N a positive integer, D > 0 days, default 30)");
  process.exit(2);
}

try {
  const dir = ensureWritableDir(dataDir());
  const database = await openDatabase(dir, log);
  const prisma = createPrismaClient(database.url);
  try {
    await migrate(database.url);
    if ((await prisma.station.count()) === 0) for (const station of DEMO_STATIONS) await createStation(prisma, station);
    const [model] = demoModelOrder(shippedModels());
    if (!model) throw new ConfigError("No shipped model in public/models to seed history with.");
    const started = performance.now();
    const result = await seedHistory(prisma, { units, days, seed, model, store: captureStoreFromEnv(process.env, dir) });
    const seconds = (performance.now() - started) / 1000;
    log(
      `Seeded ${result.units} units on ${result.stations.join(", ")} from ${result.from.toISOString()} to ${result.to.toISOString()} in ${seconds.toFixed(1)} s`,
    );
  } finally {
    await prisma.$disconnect();
    await database.stop();
  }
} catch (error) {
  console.error(error instanceof ConfigError || error instanceof HistoryError ? `[understudy] ${error.message}` : error);
  process.exit(1);
}
