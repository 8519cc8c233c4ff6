import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * The SHA-256 of a shipped model's content: model.json, then each weights
 * file it names, in order. A version name says which model a prediction came
 * from; this says which bytes that name meant when the prediction was made.
 * '' where the directory holds no model.
 */
export function modelContentHash(dir: string): string {
  const modelJson = path.join(/*turbopackIgnore: true*/ dir, "model.json");
  if (!fs.existsSync(/*turbopackIgnore: true*/ modelJson)) return "";
  const hash = crypto.createHash("sha256");
  const json = fs.readFileSync(/*turbopackIgnore: true*/ modelJson);
  hash.update(json);
  const manifest = (JSON.parse(json.toString("utf8")) as { weightsManifest?: { paths: string[] }[] }).weightsManifest ?? [];
  for (const file of manifest.flatMap((group) => group.paths)) hash.update(fs.readFileSync(/*turbopackIgnore: true*/ path.join(dir, file)));
  return hash.digest("hex");
}
