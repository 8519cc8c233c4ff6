import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { buildFingerprint, buildOnce, isBuildCurrent, recordBuild } from "./build-fingerprint.ts";

function project(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "understudy-fp-"));
  fs.mkdirSync(path.join(root, "app"));
  fs.writeFileSync(path.join(root, "app", "page.tsx"), "export default 1;");
  return root;
}

describe("build fingerprint", () => {
  it("calls a missing build stale, a recorded one current, and a changed source stale again", () => {
    const root = project();
    const before = buildFingerprint(root);
    expect(isBuildCurrent(root, before)).toBe(false);
    fs.mkdirSync(path.join(root, ".next"));
    fs.writeFileSync(path.join(root, ".next", "BUILD_ID"), "x");
    recordBuild(root, before);
    expect(isBuildCurrent(root, before)).toBe(true);
    fs.writeFileSync(path.join(root, "app", "page.tsx"), "export default 22;");
    expect(isBuildCurrent(root, buildFingerprint(root))).toBe(false);
    fs.rmSync(root, { recursive: true, force: true });
  });
});

describe("buildOnce", () => {
  /** A stand-in for `next build`: writes the build id and counts the builds. */
  const fakeBuild = (root: string, builds: { n: number }) => () => {
    builds.n++;
    fs.mkdirSync(path.join(root, ".next"), { recursive: true });
    fs.writeFileSync(path.join(root, ".next", "BUILD_ID"), "x");
  };

  it("builds a stale project once, and not again while it is current", () => {
    const root = project();
    const builds = { n: 0 };
    buildOnce(root, fakeBuild(root, builds));
    buildOnce(root, fakeBuild(root, builds));
    expect(builds.n).toBe(1);
    expect(fs.existsSync(path.join(root, ".next-build.lock"))).toBe(false);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("waits while another process builds, then finds the build it needs made", async () => {
    const root = project();
    const lock = path.join(root, ".next-build.lock");
    fs.writeFileSync(lock, "another process");
    // The other process finishes its build and lets go of the lock after 800 ms.
    const other = spawn(process.execPath, [
      "-e",
      `setTimeout(() => { const fs = require("fs"); fs.mkdirSync(${JSON.stringify(path.join(root, ".next"))}, { recursive: true }); fs.writeFileSync(${JSON.stringify(path.join(root, ".next", "BUILD_ID"))}, "x"); fs.writeFileSync(${JSON.stringify(path.join(root, ".next", "understudy-build-fingerprint"))}, ${JSON.stringify(buildFingerprint(root))}); fs.rmSync(${JSON.stringify(lock)}); }, 800)`,
    ]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const builds = { n: 0 };
    const started = Date.now();
    buildOnce(root, fakeBuild(root, builds));
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    expect(builds.n).toBe(0);
    await new Promise((resolve) => other.on("exit", resolve));
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("takes over a lock left by a build that died", () => {
    const root = project();
    const lock = path.join(root, ".next-build.lock");
    fs.writeFileSync(lock, "a dead process");
    const longAgo = new Date(Date.now() - 60 * 60_000);
    fs.utimesSync(lock, longAgo, longAgo);
    const builds = { n: 0 };
    buildOnce(root, fakeBuild(root, builds));
    expect(builds.n).toBe(1);
    fs.rmSync(root, { recursive: true, force: true });
  });
});
