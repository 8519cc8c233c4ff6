import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

// What the production build is made from; a change in any of these makes it stale.
const SOURCES = ["app", "components", "lib", "public", "next.config.ts", "postcss.config.mjs", "prisma/schema.prisma", "package-lock.json", "tsconfig.json"];
const IGNORED = new Set(["node_modules", ".next", ".data", "generated"]);

function walk(file: string, out: string[]): void {
  if (!fs.existsSync(file)) return;
  const stat = fs.statSync(file);
  if (stat.isDirectory()) {
    for (const entry of fs.readdirSync(file).sort()) if (!IGNORED.has(entry)) walk(path.join(file, entry), out);
  } else {
    out.push(`${file}:${stat.size}:${stat.mtimeMs}`);
  }
}

/** A hash of the names, sizes and modification times of the build's sources. */
export function buildFingerprint(root: string): string {
  const files: string[] = [];
  for (const source of SOURCES) walk(path.join(root, source), files);
  return crypto.createHash("sha256").update(files.join("\n")).digest("hex");
}

const recordFile = (root: string) => path.join(root, ".next", "understudy-build-fingerprint");

export function isBuildCurrent(root: string, fingerprint: string): boolean {
  const hasBuild = fs.existsSync(path.join(root, ".next", "BUILD_ID"));
  return hasBuild && fs.existsSync(recordFile(root)) && fs.readFileSync(recordFile(root), "utf8") === fingerprint;
}

export function recordBuild(root: string, fingerprint: string): void {
  fs.writeFileSync(recordFile(root), fingerprint);
}

/** Sleeps the thread (the build runs from synchronous start-up code). */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** A build older than this holding the lock is taken to have died. */
const STALE_LOCK_MS = 20 * 60_000;

/**
 * Builds when the build is missing or stale, one process at a time: test
 * files running in parallel (and app starts at once) would otherwise run two
 * `next build`s into one .next directory. A process that finds the lock
 * waits, then checks again: the build it waited for is usually the one it needs.
 */
export function buildOnce(root: string, build: () => void): void {
  const fingerprint = buildFingerprint(root);
  if (isBuildCurrent(root, fingerprint)) return;
  const lock = path.join(root, ".next-build.lock");
  for (;;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: "wx" });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS) fs.rmSync(lock, { force: true });
      else sleepSync(500);
    }
  }
  try {
    const now = buildFingerprint(root);
    if (isBuildCurrent(root, now)) return;
    build();
    recordBuild(root, now);
  } finally {
    fs.rmSync(lock, { force: true });
  }
}
