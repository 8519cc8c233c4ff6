import path from "node:path";

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_BASE_URL = `http://localhost:${E2E_PORT}`;
/** The end-to-end run's own data directory, wiped at each start. */
export const E2E_DATA_DIR = path.resolve(".data", "e2e");
