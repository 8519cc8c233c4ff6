import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../../test/support/test-database.ts";
import { confidenceBinOf, decisionTimeBinOf, scoreBinOf } from "./bins.ts";
import { lightingBucketOf } from "./lighting.ts";

const { prisma } = await useTestDatabase();

describe("the rollups' SQL bins and lib/metrics", () => {
  it("put every value in the same bin", async () => {
    const values = [0, 0.0049, 0.05, 0.1999, 0.2, 0.37, 0.4999, 0.5, 0.77, 0.951, 0.9999, 1];
    const times = [0, 99, 100, 111, 999, 1600, 4321, 60_000, 3_600_000];
    for (const value of values) {
      const [row] = await prisma.$queryRaw<{ lighting: string; confidence: number; score: number }[]>`
        SELECT lighting_bucket(${value}::float8) AS lighting, confidence_bin(${value}::float8)::int AS confidence, score_bin(${value}::float8)::int AS score`;
      expect(row, `value ${value}`).toEqual({ lighting: lightingBucketOf(value), confidence: confidenceBinOf(value), score: scoreBinOf(value) });
    }
    for (const ms of times) {
      const [row] = await prisma.$queryRaw<{ bin: number }[]>`SELECT decision_time_bin(${ms}::int)::int AS bin`;
      expect(row!.bin, `${ms} ms`).toBe(decisionTimeBinOf(ms));
    }
  });
});
