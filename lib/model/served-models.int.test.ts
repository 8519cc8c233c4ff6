import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// A version registered while the app runs is served at once: the files come
// from disk on each request, not from the list Next made at start.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "understudy-models-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
process.env.UNDERSTUDY_MODELS_DIR = dir;
const route = await import("../../app/models/[version]/[file]/route.ts");
const get = (version: string, file: string) =>
  route.GET(new Request(`http://localhost:3000/models/${version}/${file}`), { params: Promise.resolve({ version, file }) });

describe("model files", () => {
  it("serves a version written after the server started, and nothing outside a version's own files", async () => {
    expect((await get("v9", "model.json")).status).toBe(404);
    fs.mkdirSync(path.join(dir, "v9"));
    fs.writeFileSync(path.join(dir, "v9", "model.json"), JSON.stringify({ format: "layers-model" }));
    fs.writeFileSync(path.join(dir, "v9", "weights.bin"), Buffer.from([1, 2, 3]));
    fs.writeFileSync(path.join(dir, "secret.txt"), "no");
    const model = await get("v9", "model.json");
    expect([model.status, model.headers.get("content-type"), await model.json()]).toEqual([200, "application/json", { format: "layers-model" }]);
    const weights = await get("v9", "weights.bin");
    expect(new Uint8Array(await weights.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
    for (const [version, file] of [
      ["..", "secret.txt"],
      ["v9", "..%2Fsecret.txt"],
      ["v9", "secret.txt"],
      ["v9/..", "model.json"],
      ["v9", "constructor"],
    ] as [string, string][]) {
      expect((await get(version, file)).status, `${version}/${file}`).toBe(404);
    }
  });

  it("serves a version's phone finder beside its network", async () => {
    fs.mkdirSync(path.join(dir, "v10"));
    fs.writeFileSync(path.join(dir, "v10", "finder.json"), JSON.stringify({ format: "layers-model", weightsManifest: [{ paths: ["finder.bin"] }] }));
    fs.writeFileSync(path.join(dir, "v10", "finder.bin"), Buffer.from([4, 5]));
    const finder = await get("v10", "finder.json");
    expect([finder.status, finder.headers.get("content-type")]).toEqual([200, "application/json"]);
    expect(new Uint8Array(await (await get("v10", "finder.bin")).arrayBuffer())).toEqual(new Uint8Array([4, 5]));
  });
});
