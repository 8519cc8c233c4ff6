import fs from "node:fs/promises";
import path from "node:path";
import { isModelVersion, modelDir } from "@/lib/model";

export const dynamic = "force-dynamic";

/** The files a browser loads a model from, and what they are. */
const FILES: Record<string, string> = {
  "model.json": "application/json",
  "metadata.json": "application/json",
  "evaluation.json": "application/json",
  "weights.bin": "application/octet-stream",
  // A camera version's phone finder (lib/model/finder.ts), when it has one.
  "finder.json": "application/json",
  "finder.bin": "application/octet-stream",
  "EVALUATION.md": "text/markdown; charset=utf-8",
};

/**
 * A model version's files, read from disk on each request. Next serves
 * public/models/ as it was when the server started; a version registered
 * after (`npm run train -- --register`) falls through to here, so it is
 * served at once, without a restart.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ version: string; file: string }> }): Promise<Response> {
  const { version, file } = await params;
  const type = Object.hasOwn(FILES, file) ? FILES[file] : undefined;
  if (!type || !isModelVersion(version)) return new Response("Not found", { status: 404 });
  try {
    const bytes = await fs.readFile(path.join(/*turbopackIgnore: true*/ modelDir(version), file));
    return new Response(new Uint8Array(bytes), { headers: { "content-type": type, "cache-control": "public, max-age=0, must-revalidate" } });
  } catch {
    return new Response("Not found", { status: 404 });
  }
}
