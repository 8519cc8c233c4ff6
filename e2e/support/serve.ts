// Starts the app exactly as `npm start` does, on a fresh data directory.
import fs from "node:fs";
import { E2E_DATA_DIR } from "./env.ts";

fs.rmSync(E2E_DATA_DIR, { recursive: true, force: true });
fs.mkdirSync(E2E_DATA_DIR, { recursive: true });
process.env.UNDERSTUDY_DATA_DIR = E2E_DATA_DIR;
delete process.env.DATABASE_URL;
await import("../../scripts/start.ts");
