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
