import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { assertStorageKey, captureStoreFromEnv, type CaptureStore, LocalDiskStore, S3Store } from "./storage.ts";

/** What every store must do; run against local disk always and S3 when configured. */
function describeStoreContract(name: string, makeStore: () => CaptureStore) {
  describe(`${name} store`, () => {
    const store = makeStore();
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);

    it("gives back exactly the bytes it was given", async () => {
      await store.put("station-a/2026/unit-1.jpg", bytes, "image/jpeg");
      expect(await store.get("station-a/2026/unit-1.jpg")).toEqual(bytes);
    });

    it("overwrites a key", async () => {
      await store.put("station-a/unit-2.jpg", bytes, "image/jpeg");
      await store.put("station-a/unit-2.jpg", new Uint8Array([9]), "image/jpeg");
      expect(await store.get("station-a/unit-2.jpg")).toEqual(new Uint8Array([9]));
    });

    it("takes many writes of one photo at once (cameras retrying, one photo posted twice)", async () => {
      await Promise.all(Array.from({ length: 20 }, () => store.put("station-a/same.jpg", bytes, "image/jpeg")));
      expect(await store.get("station-a/same.jpg")).toEqual(bytes);
    });

    it("answers null for a key it does not hold, and after delete", async () => {
      expect(await store.get("station-a/missing.jpg")).toBeNull();
      await store.put("station-a/unit-3.jpg", bytes, "image/jpeg");
      await store.delete("station-a/unit-3.jpg");
      expect(await store.get("station-a/unit-3.jpg")).toBeNull();
    });

    it("refuses keys that could escape the store", async () => {
      await expect(store.put("../outside.jpg", bytes, "image/jpeg")).rejects.toThrow(/Invalid storage key/);
      await expect(store.get("/etc/passwd")).rejects.toThrow(/Invalid storage key/);
    });
  });
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), "understudy-store-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describeStoreContract("local disk", () => new LocalDiskStore(root));

if (process.env.TEST_S3_BUCKET) {
  describeStoreContract(
    "S3",
    () => new S3Store({ bucket: process.env.TEST_S3_BUCKET as string, prefix: `test-${Date.now()}`, endpoint: process.env.TEST_S3_ENDPOINT }),
  );
}

describe("assertStorageKey", () => {
  it.each(["a.jpg", "station/2026-11-24/unit_1.png"])("accepts %s", (key) => {
    expect(() => assertStorageKey(key)).not.toThrow();
  });

  it.each(["", "../x", "a/../b", "/abs", "a//b", "a\\b", "a/.hidden", "x".repeat(600), "a/b c"])("refuses %j", (key) => {
    expect(() => assertStorageKey(key)).toThrow(/Invalid storage key/);
  });
});

describe("captureStoreFromEnv", () => {
  it("keeps photos on local disk under the data directory by default", () => {
    expect(captureStoreFromEnv({}, "/srv/data").kind).toBe("local");
  });

  it("uses S3 when a bucket is configured", () => {
    expect(captureStoreFromEnv({ CAPTURE_S3_BUCKET: "photos" }, "/srv/data").kind).toBe("s3");
  });
});
