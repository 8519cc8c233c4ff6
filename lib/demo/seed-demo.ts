import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createAccount, type Role } from "../auth/index.ts";
import { startEra, LEVEL_LABELS } from "../automation/index.ts";
import { encodePng, type CaptureStore, putCapturePhoto, validatePhoto } from "../captures/index.ts";
import type { ModelMetadata } from "../model/index.ts";
import { upsertModelVersion } from "../model/training/index.ts";
import { createStation, type NewStation } from "../stations/index.ts";
import { checkDrift } from "../drift/index.ts";
import { seedHistory } from "./seed-history.ts";
import { generatePhoto, SYNTH_DEFECTS, Random, seedFor } from "../synth/index.ts";
import type { AutomationLevel } from "../generated/prisma/enums.ts";
import type { Db } from "../db/index.ts";

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
  { slug: "line-2-screen", name: "Line 2 · Screen", timeZone: "Europe/Berlin" },
  { slug: "line-4-back-glass", name: "Line 4 · Back glass", timeZone: "Asia/Shanghai" },
];

export type DemoLevel = Extract<AutomationLevel, "SHADOW" | "AI_ASSIST" | "PARTIAL">;

/** Where the demo finds each station: one at each level from shadow to partial, so every page has something true to show. */
export const DEMO_LEVELS: Record<string, DemoLevel> = { "line-2-screen": "AI_ASSIST", "line-4-back-glass": "PARTIAL" };

/** A station's demo level; any station not listed runs in shadow mode. */
export function demoLevel(slug: string): DemoLevel {
  return DEMO_LEVELS[slug] ?? "SHADOW";
}

/** The share of defective units in the demo queues: a line's, not a test set's. */
export const DEMO_DEFECT_SHARE = 0.05;

// Any constant: two first starts at once must not both seed.
const SEED_LOCK = 727_411_204;

export interface DemoOptions {
  /** Where the demo units' photos go; without it no units are made. */
  store?: CaptureStore;
  /** Pending synthetic units per station. */
  unitsPerStation?: number;
  /** Shipped model versions to register; the newest becomes active on every demo station, at the station's demo level. */
  models?: ModelMetadata[];
  /** Decided units of seeded history (lib/demo/seed-history.ts) over the last 30 days, so the dashboard has evidence at once. */
  historyUnits?: number;
}

/**
 * First-run demo data: one user per role (with fresh random passwords), a few
 * stations running the shipped model (in shadow mode, at AI assistance and at
 * partial automation; with history, the history says how they got there), and pending synthetic
 * units. Does nothing, and returns null, when the database already holds any
 * user or station, so it can never touch real data.
 */
export async function seedDemo(db: Db, options: DemoOptions = {}): Promise<DemoCredential[] | null> {
  const credentials = await seedAccountsAndStations(db);
  if (!credentials) return null;
  const [newest, ...older] = options.models ?? [];
  // With seeded history, the history's own trail says how the stations got where they are.
  if (newest) await activateModel(db, newest, older, { audited: !(options.store && options.historyUnits) });
  if (options.store) await fillWithUnits(db, options.store, options.unitsPerStation ?? 100);
  if (newest && options.store && options.historyUnits) {
    await seedHistory(db, { units: options.historyUnits, days: 30, model: newest, store: options.store });
    // The history's drift, window by window, so /drift has a past (an episode of shifted lighting) from the start.
    for (const station of await db.station.findMany({ select: { id: true } })) await checkDrift(db, station.id);
  }
  return credentials;
}

async function activateModel(db: Db, model: ModelMetadata, others: ModelMetadata[], { audited }: { audited: boolean }): Promise<void> {
  for (const other of others) await upsertModelVersion(db, other, `/models/${other.version}`);
  const { id } = await upsertModelVersion(db, model, `/models/${model.version}`);
  const now = new Date();
  for (const station of await db.station.findMany({ select: { id: true, slug: true } })) {
    const level = demoLevel(station.slug);
    await db.$transaction(async (tx) => {
      await tx.stationAutomation.update({
        where: { stationId: station.id },
        data: { level, activeModelId: id, eraStartedAt: now, evidenceSince: now, evidenceSinceReason: `${model.version} became active` },
      });
      await startEra(tx, station.id, level, now);
      if (!audited) return;
      await tx.auditEvent.create({
        data: {
          stationId: station.id,
          actorKind: "SYSTEM",
          action: "DEMO_SETUP",
          reason: `Demo data: model ${model.version} active at ${LEVEL_LABELS[level]}`,
          fromLevel: "HUMAN_ONLY",
          toLevel: level,
          evidence: { model: model.version },
          createdAt: now,
        },
      });
    });
  }
}

async function fillWithUnits(db: Db, store: CaptureStore, perStation: number): Promise<void> {
  const stations = await db.station.findMany({ orderBy: { slug: "asc" } });
  for (const [s, station] of stations.entries()) {
    const rows = [];
    // Like a line: the station's own surface, and a few defects (about 5%) spread through the queue.
    const surface = station.slug.includes("screen") ? "screen" : "back-glass";
    for (let i = 0; i < perStation; i++) {
      const seed = seedFor(20_261_124 + s, i);
      const draw = new Random(seed ^ 0x5eed);
      const label = draw.chance(DEMO_DEFECT_SHARE) ? draw.pick(SYNTH_DEFECTS) : "ok";
      const synthetic = generatePhoto(seed, { surface, label });
      const photo = await validatePhoto(encodePng(synthetic.width, synthetic.height, synthetic.rgba));
      // Spread over the last hour, oldest first in the queue.
      const capturedAt = new Date(Date.now() - (perStation - i) * 30_000);
      rows.push(
        await putCapturePhoto(store, {
          station,
          photo,
          capturedAt,
          source: "SYNTHETIC",
          externalId: `demo-${i}`,
          metadata: { synthetic: { seed, preset: synthetic.preset, truth: synthetic.label, surface: synthetic.surface } },
        }),
      );
    }
    await db.capture.createMany({ data: rows });
  }
}

async function seedAccountsAndStations(db: Db): Promise<DemoCredential[] | null> {
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
