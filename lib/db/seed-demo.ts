import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createAccount } from "../auth/accounts.ts";
import type { Role } from "../auth/roles.ts";
import { createStation, type NewStation } from "../stations/stations.ts";
import type { Db } from "./client.ts";

export interface DemoCredential {
  role: Role;
  email: string;
  password: string;
}

const DEMO_USERS: { role: Role; name: string; email: string }[] = [
  { role: "INSPECTOR", name: "Ines Inspector", email: "inspector@understudy.local" },
  { role: "ENGINEER", name: "Emil Engineer", email: "engineer@understudy.local" },
  { role: "MANAGER", name: "Mona Manager", email: "manager@understudy.local" },
  { role: "ADMIN", name: "Ada Admin", email: "admin@understudy.local" },
];

export const DEMO_STATIONS: NewStation[] = [
  { slug: "line-1-back-glass", name: "Line 1 · Back glass" },
  { slug: "line-1-screen", name: "Line 1 · Screen" },
  { slug: "line-2-back-glass", name: "Line 2 · Back glass" },
];

// Any constant: two first starts at once must not both seed.
const SEED_LOCK = 727_411_204;

/**
 * First-run demo data: one user per role (with fresh random passwords) and a
 * few stations. Does nothing, and returns null, when the database already holds
 * any user or station, so it can never touch real data.
 */
export async function seedDemo(db: Db): Promise<DemoCredential[] | null> {
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SEED_LOCK})`;
      const [users, stations] = await Promise.all([tx.user.count(), tx.station.count()]);
      if (users > 0 || stations > 0) return null;
      const credentials: DemoCredential[] = [];
      for (const user of DEMO_USERS) {
        const password = `${user.role.toLowerCase()}-${crypto.randomBytes(6).toString("base64url")}`;
        await createAccount(tx, { ...user, password });
        credentials.push({ role: user.role, email: user.email, password });
      }
      for (const station of DEMO_STATIONS) await createStation(tx, station);
      return credentials;
    },
    { timeout: 30_000 },
  );
}

/** Keeps the demo credentials beside the data, readable by this user only. */
export function saveDemoCredentials(dataDir: string, credentials: DemoCredential[]): string {
  const file = path.join(dataDir, "demo-credentials.json");
  fs.writeFileSync(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  return file;
}

export function readDemoCredentials(dataDir: string): DemoCredential[] | null {
  const file = path.join(dataDir, "demo-credentials.json");
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as DemoCredential[]) : null;
}

export function formatCredentials(credentials: DemoCredential[]): string {
  const width = Math.max(...credentials.map((c) => c.email.length));
  return credentials.map((c) => `  ${c.role.padEnd(9)}  ${c.email.padEnd(width)}  ${c.password}`).join("\n");
}
