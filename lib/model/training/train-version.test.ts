import { describe, expect, it } from "vitest";
import { DEFAULT_TRAINING, TrainingRefused } from "./pipeline.ts";
import { trainModelVersion } from "./train-version.ts";

const hooks = { log: () => {}, dir: "/nonexistent/never-written" };

describe("trainModelVersion", () => {
  it("refuses --varied-lamps wherever it would be ignored: a phone finder, a line's photos, the square model", async () => {
    const refusal = "--varied-lamps draws the camera model's synthetic training photos: --data camera-synth, without --find-phone";
    for (const request of [{ data: "camera-synth", initFrom: "v9", findPhone: true }, { data: "db:line", initFrom: "v10" }, { data: "synth" }]) {
      const refused = trainModelVersion({ ...DEFAULT_TRAINING, version: "refused", variedLamps: true, ...request }, hooks);
      await expect(refused, request.data).rejects.toThrow(TrainingRefused);
      await expect(refused, request.data).rejects.toThrow(refusal);
    }
  });
});
