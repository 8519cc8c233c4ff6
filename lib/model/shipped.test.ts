import { describe, expect, it } from "vitest";
import type { ModelMetadata } from "./metadata.ts";
import { isCameraModel } from "./metadata.ts";
import { demoModelOrder } from "./shipped.ts";

const version = (name: string, camera = false) => ({ version: name, ...(camera ? { input: { kind: "frame", width: 640 } } : {}) }) as ModelMetadata;

describe("demoModelOrder", () => {
  it("puts the newest model of the fixture's square photos first, even when a camera model is newer", () => {
    const order = demoModelOrder([version("v3", true), version("v2"), version("v1")]);
    expect(order.map((m) => m.version)).toEqual(["v2", "v3", "v1"]);
    expect(isCameraModel(order[1] as ModelMetadata)).toBe(true);
  });

  it("keeps the order when the newest already sees square photos", () => {
    expect(demoModelOrder([version("v2"), version("v1")]).map((m) => m.version)).toEqual(["v2", "v1"]);
  });
});
