import fs from "node:fs";
import path from "node:path";
import { ConfigError } from "./config-error.ts";

/** Where Understudy keeps its local state: embedded PostgreSQL, photos, secrets. */
export function dataDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.UNDERSTUDY_DATA_DIR ?? ".data");
}

/** Creates the directory if needed and proves it is writable, or says why not. */
export function ensureWritableDir(dir: string): string {
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
    const probe = path.join(dir, `.write-probe-${process.pid}`);
    fs.writeFileSync(probe, "");
    fs.unlinkSync(probe);
  } catch (error) {
    const code = (error as { code?: string }).code ?? "error";
    throw new ConfigError(`Cannot write to ${dir} (${code}): give this user write access to it, or set UNDERSTUDY_DATA_DIR to a directory it can write.`);
  }
  return dir;
}
