import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildFingerprint, isBuildCurrent, recordBuild } from "./build-fingerprint.ts";

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
