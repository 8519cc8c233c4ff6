import { describe, expect, it } from "vitest";
import { idempotencyKeySchema, newIdempotencyKey, predictionIdempotencyKey } from "./idempotency-key.ts";

describe("newIdempotencyKey", () => {
  it("makes a UUIDv7 carrying the time it was made, which the API accepts", () => {
    const at = Date.UTC(2026, 11, 3, 20, 0, 0, 123);
    const key = newIdempotencyKey(at);
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.parseInt(key.replaceAll("-", "").slice(0, 12), 16)).toBe(at);
    expect(idempotencyKeySchema.safeParse(key).success).toBe(true);
  });

  it("sorts keys made in later milliseconds after earlier ones, and never repeats", () => {
    const start = Date.UTC(2026, 0, 1);
    const keys = Array.from({ length: 1000 }, (_, i) => newIdempotencyKey(start + i));
    expect([...keys].sort()).toEqual(keys);
    expect(new Set(Array.from({ length: 1000 }, () => newIdempotencyKey(start))).size).toBe(1000);
  });
});

describe("predictionIdempotencyKey", () => {
  it("is the same for a unit and model every time, and one the API accepts whatever the version's characters", () => {
    const key = predictionIdempotencyKey("0193a1b2-0000-7000-8000-000000000001", "v6.camera");
    expect(key).toBe("p-0193a1b2-0000-7000-8000-000000000001-v6_camera");
    expect(predictionIdempotencyKey("0193a1b2-0000-7000-8000-000000000001", "v6.camera")).toBe(key);
    expect(idempotencyKeySchema.safeParse(key).success).toBe(true);
  });
});
