import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../auth/index.ts";
import { requestAs, sessionCookieFor } from "../../test/support/sign-in.ts";
import { useAppDatabase } from "../../test/support/test-database.ts";
import { createStation } from "../stations/index.ts";
import { generatePhoto } from "../synth/index.ts";
import { encodePng } from "./decode.ts";
import { insertCapture, validatePhoto } from "./store-capture.ts";
import { LocalDiskStore } from "./storage.ts";

const { prisma, dataDir: dir } = await useAppDatabase();
const route = await import("../../app/api/captures/[id]/image/route.ts");

let cookie = "";
let captureId = "";
let bytes: Uint8Array;

beforeAll(async () => {
  await createAccount(prisma, { email: "i@test.local", name: "I", role: "INSPECTOR", password: "a long password" });
  cookie = await sessionCookieFor("i@test.local", "a long password");
  const station = await createStation(prisma, { slug: "line-1", name: "Line 1" });
  const synthetic = generatePhoto(1, { size: 64 });
  bytes = encodePng(synthetic.width, synthetic.height, synthetic.rgba);
  const store = new LocalDiskStore(path.join(dir, "captures"));
  captureId = (
    await insertCapture(prisma, store, { station, photo: await validatePhoto(bytes), capturedAt: new Date("2026-11-24T10:00:00Z"), source: "SYNTHETIC" })
  ).id;
});

const get = (id: string, who: string | null) => route.GET(requestAs(who, `/api/captures/${id}/image`), { params: Promise.resolve({ id }) });

describe("GET /api/captures/:id/image", () => {
  it("serves the stored photo with its type to a signed-in user", async () => {
    const response = await get(captureId, cookie);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/png");
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes);
  });

  it("answers 401 anonymous, 400 to a malformed id and 404 to an unknown one", async () => {
    expect((await get(captureId, null)).status).toBe(401);
    expect((await get("../../etc/passwd", cookie)).status).toBe(400);
    expect((await get("4b7c2f4e-8a59-4f0c-9d7e-2d3c1c1c1c1c", cookie)).status).toBe(404);
  });

  it("answers 410, saying when, once photo retention removed the photo", async () => {
    await prisma.capture.update({ where: { id: captureId }, data: { photoRemovedAt: new Date("2027-01-02T03:04:05Z") } });
    try {
      const response = await get(captureId, cookie);
      expect(response.status).toBe(410);
      expect((await response.json()).detail).toContain("2027-01-02T03:04:05.000Z");
    } finally {
      await prisma.capture.update({ where: { id: captureId }, data: { photoRemovedAt: null } });
    }
  });
});
