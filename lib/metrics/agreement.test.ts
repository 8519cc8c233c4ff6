import { describe, expect, it } from "vitest";
import { agreementOf, cohensKappa, kappaStandardError } from "./agreement.ts";
import { binaryMatrix, confusionMatrixFromCounts, type ConfusionMatrix } from "./confusion-matrix.ts";

const matrix = (labels: string[], counts: number[][]): ConfusionMatrix => ({ labels, counts });

describe("cohensKappa", () => {
  // Wikipedia, "Cohen's kappa": the worked example and the two tables of its "Limitations" section.
  it.each([
    [
      [
        [20, 5],
        [10, 15],
      ],
      0.4,
    ],
    [
      [
        [45, 15],
        [25, 15],
      ],
      0.1304,
    ],
    [
      [
        [25, 35],
        [5, 35],
      ],
      0.2593,
    ],
  ])("matches the published binary example %j", (counts, kappa) => {
    expect(cohensKappa(matrix(["yes", "no"], counts))).toBeCloseTo(kappa, 4);
  });

  it("matches Fleiss's three-category diagnosis example (kappa 0.676)", () => {
    // Fleiss, Levin & Paik, Statistical Methods for Rates and Proportions, ch. 18: proportions x 100.
    const diagnoses = matrix(
      ["psychotic", "neurotic", "organic"],
      [
        [75, 1, 4],
        [5, 4, 1],
        [0, 0, 10],
      ],
    );
    expect(cohensKappa(diagnoses)).toBeCloseTo(0.23 / 0.34, 10);
  });

  it("is 1 for perfect agreement over several labels", () => {
    expect(
      cohensKappa(
        matrix(
          ["ok", "scratch", "dent"],
          [
            [5, 0, 0],
            [0, 3, 0],
            [0, 0, 2],
          ],
        ),
      ),
    ).toBe(1);
  });

  it("is undefined with no data, or when both raters used one label only", () => {
    expect(
      cohensKappa(
        matrix(
          ["ok", "scratch"],
          [
            [0, 0],
            [0, 0],
          ],
        ),
      ),
    ).toBeNull();
    expect(
      cohensKappa(
        matrix(
          ["ok", "scratch"],
          [
            [12, 0],
            [0, 0],
          ],
        ),
      ),
    ).toBeNull();
  });

  it("is 0 when one rater is constant and the other is not", () => {
    expect(
      cohensKappa(
        matrix(
          ["ok", "scratch"],
          [
            [6, 0],
            [4, 0],
          ],
        ),
      ),
    ).toBe(0);
  });

  it("folds defect classes for the binary OK-vs-defect kappa", () => {
    // The model confuses scratch and crack but always agrees on OK vs defect.
    const m = matrix(
      ["ok", "scratch", "crack"],
      [
        [10, 0, 0],
        [0, 2, 3],
        [0, 3, 2],
      ],
    );
    expect(cohensKappa(m)).toBeLessThan(1);
    expect(binaryMatrix(m)).toEqual({
      labels: ["ok", "defect"],
      counts: [
        [10, 0],
        [0, 10],
      ],
    });
    expect(cohensKappa(binaryMatrix(m))).toBe(1);
  });
});

describe("agreementOf", () => {
  it("is the diagonal's share with its Wilson interval", () => {
    const a = agreementOf(
      matrix(
        ["yes", "no"],
        [
          [20, 5],
          [10, 15],
        ],
      ),
    );
    expect(a.successes).toBe(35);
    expect(a.n).toBe(50);
    expect(a.rate).toBe(0.7);
    expect(a.low).toBeLessThan(0.7);
    expect(a.high).toBeGreaterThan(0.7);
  });

  it("has no rate without data", () => {
    expect(agreementOf(matrix(["ok"], [[0]])).rate).toBeNull();
  });
});

describe("confusionMatrixFromCounts", () => {
  it("places aggregated pairs in the taxonomy's order and keeps labels outside it", () => {
    const m = confusionMatrixFromCounts(
      ["ok", "scratch"],
      [
        { reference: "scratch", predicted: "ok", count: 3 },
        { reference: "ok", predicted: "ok", count: 7 },
        { reference: "ok", predicted: "smudge", count: 1 },
      ],
    );
    expect(m).toEqual({
      labels: ["ok", "scratch", "smudge"],
      counts: [
        [7, 0, 1],
        [3, 0, 0],
        [0, 0, 0],
      ],
    });
  });
});

describe("kappaStandardError", () => {
  it("is sqrt(po(1-po) / (n(1-pe)^2)) on Wikipedia's worked example", () => {
    // 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no: po = 0.7, pe = 0.5, n = 50.
    const m = matrix(
      ["yes", "no"],
      [
        [20, 5],
        [10, 15],
      ],
    );
    expect(kappaStandardError(m)).toBeCloseTo(Math.sqrt((0.7 * 0.3) / (50 * 0.25)), 12);
  });

  it("is zero at perfect agreement and null where kappa is undefined", () => {
    expect(
      kappaStandardError(
        matrix(
          ["ok", "scratch"],
          [
            [30, 0],
            [0, 10],
          ],
        ),
      ),
    ).toBe(0);
    expect(
      kappaStandardError(
        matrix(
          ["ok", "scratch"],
          [
            [40, 0],
            [0, 0],
          ],
        ),
      ),
    ).toBeNull();
    expect(kappaStandardError(matrix(["ok"], [[0]]))).toBeNull();
  });
});
