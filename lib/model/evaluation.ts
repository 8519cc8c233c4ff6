import { wilsonInterval, Z_95 } from "../metrics/client.ts";
/**
 * How good a defect model is, from its scores on labelled photos. Pure
 * functions of plain arrays, shared by training (threshold choice), the
 * evaluation report and tests.
 */

export interface ScoredPhoto {
  /** "ok" or a defect class. */
  truth: string;
  /** Per defect class probability, in the model's class order. */
  scores: number[];
}

/** P(any defect) as the model reports it: its most confident defect class. */
export function defectScore(scores: readonly number[]): number {
  return scores.length === 0 ? 0 : Math.max(...scores);
}

/**
 * The decision at an operating threshold: ok unless P(defect) reaches it, else
 * the likeliest defect class, each class's score scaled by its weight (chosen
 * on validation data so that classes the model under-calls are not lost to
 * their neighbours; weights never change the ok/defect call).
 */
export function decide(scores: readonly number[], classes: readonly string[], threshold: number, classWeights?: readonly number[]): string {
  if (defectScore(scores) < threshold) return "ok";
  let best = -1;
  let bestScore = -Infinity;
  scores.forEach((score, index) => {
    const weighted = score * (classWeights?.[index] ?? 1);
    if (weighted > bestScore) {
      bestScore = weighted;
      best = index;
    }
  });
  return best >= 0 ? (classes[best] ?? "ok") : "ok";
}

/**
 * Per-class weights for `decide` that maximise the worst per-class recall on
 * these photos (ties: the best mean recall), from a small grid.
 */
export function chooseClassWeights(photos: readonly ScoredPhoto[], classes: readonly string[], threshold: number): number[] {
  const grid = [0.5, 0.7, 1, 1.4, 2, 3];
  let best = { weights: classes.map(() => 1), worst: -1, mean: -1 };
  const combos = (depth: number): number[][] => (depth === 0 ? [[]] : combos(depth - 1).flatMap((rest) => grid.map((w) => [...rest, w])));
  for (const weights of combos(classes.length)) {
    const recalls = classes.map((label) => {
      const own = photos.filter((p) => p.truth === label);
      return own.length === 0 ? 1 : own.filter((p) => decide(p.scores, classes, threshold, weights) === label).length / own.length;
    });
    const worst = Math.min(...recalls);
    const mean = recalls.reduce((a, b) => a + b, 0) / recalls.length;
    if (worst > best.worst || (worst === best.worst && mean > best.mean)) best = { weights, worst, mean };
  }
  return best.weights;
}

/** Area under the ROC curve by the rank statistic (ties count half); NaN without both kinds. */
export function rocAuc(positives: readonly number[], negatives: readonly number[]): number {
  if (positives.length === 0 || negatives.length === 0) return Number.NaN;
  const all = [...positives.map((s) => ({ s, p: 1 })), ...negatives.map((s) => ({ s, p: 0 }))].sort((a, b) => a.s - b.s);
  let rankSum = 0;
  for (let i = 0; i < all.length;) {
    let j = i;
    while (j < all.length && all[j]?.s === all[i]?.s) j++;
    const averageRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (all[k]?.p === 1) rankSum += averageRank;
    i = j;
  }
  return (rankSum - (positives.length * (positives.length + 1)) / 2) / (positives.length * negatives.length);
}

export interface ReliabilityBin {
  lower: number;
  upper: number;
  count: number;
  meanScore: number;
  defectRate: number;
}

/** Reliability diagram of P(defect) in equal-width bins, and the expected calibration error. */
export function calibration(scores: readonly number[], isDefect: readonly boolean[], binCount = 10): { bins: ReliabilityBin[]; ece: number } {
  const bins: ReliabilityBin[] = Array.from({ length: binCount }, (_, i) => ({
    lower: i / binCount,
    upper: (i + 1) / binCount,
    count: 0,
    meanScore: 0,
    defectRate: 0,
  }));
  scores.forEach((score, i) => {
    const bin = bins[Math.min(binCount - 1, Math.floor(score * binCount))] as ReliabilityBin;
    bin.count++;
    bin.meanScore += score;
    bin.defectRate += isDefect[i] ? 1 : 0;
  });
  let ece = 0;
  for (const bin of bins) {
    if (bin.count === 0) continue;
    bin.meanScore /= bin.count;
    bin.defectRate /= bin.count;
    ece += (bin.count / scores.length) * Math.abs(bin.meanScore - bin.defectRate);
  }
  return { bins, ece };
}

export interface Evaluation {
  photos: number;
  labels: string[];
  threshold: number;
  /** confusion[truth][predicted] counts, in `labels` order. */
  confusion: number[][];
  perClass: { label: string; support: number; precision: number; recall: number }[];
  defectRecall: number;
  falseRejectRate: number;
  rocAuc: number;
  calibration: { bins: ReliabilityBin[]; ece: number };
  /**
   * Defects of a type the model has no class for, or of no type: outside the
   * confusion matrix and the per-class figures, but counted in defect recall,
   * ROC-AUC and calibration (a defect is a defect). Present only when there are some.
   */
  otherDefects?: { photos: number; caught: number };
}

const ratio = (part: number, whole: number) => (whole === 0 ? Number.NaN : part / whole);

/**
 * The full report at one operating threshold. With `otherDefects`, photos
 * whose truth is a defect the model has no class for count as defects
 * (see Evaluation.otherDefects); without it such a truth is an error.
 */
export function evaluate(
  photos: readonly ScoredPhoto[],
  classes: readonly string[],
  threshold: number,
  classWeights?: readonly number[],
  options: { otherDefects?: boolean } = {},
): Evaluation {
  const labels = ["ok", ...classes];
  const index = new Map(labels.map((label, i) => [label, i]));
  const confusion = labels.map(() => labels.map(() => 0));
  const defectScores: number[] = [];
  const isDefect: boolean[] = [];
  const other = { photos: 0, caught: 0 };
  for (const photo of photos) {
    const predicted = decide(photo.scores, classes, threshold, classWeights);
    if (options.otherDefects && !index.has(photo.truth)) {
      other.photos += 1;
      if (predicted !== "ok") other.caught += 1;
      defectScores.push(defectScore(photo.scores));
      isDefect.push(true);
      continue;
    }
    const row = confusion[index.get(photo.truth) ?? -1];
    if (!row) throw new Error(`unknown label ${photo.truth}`);
    const column = index.get(predicted) ?? 0;
    row[column] = (row[column] ?? 0) + 1;
    defectScores.push(defectScore(photo.scores));
    isDefect.push(photo.truth !== "ok");
  }
  const column = (j: number) => confusion.reduce((sum, row) => sum + (row[j] ?? 0), 0);
  const perClass = labels.map((label, i) => {
    const row = confusion[i] as number[];
    const support = row.reduce((a, b) => a + b, 0);
    return { label, support, precision: ratio(row[i] ?? 0, column(i)), recall: ratio(row[i] ?? 0, support) };
  });
  const okRow = confusion[0] as number[];
  const okTotal = okRow.reduce((a, b) => a + b, 0);
  const defectsTotal = photos.length - okTotal;
  const defectsCaught = confusion.slice(1).reduce((sum, row) => sum + row.slice(1).reduce((a, b) => a + b, 0), 0) + other.caught;
  return {
    photos: photos.length,
    labels,
    threshold,
    confusion,
    perClass,
    defectRecall: ratio(defectsCaught, defectsTotal),
    falseRejectRate: ratio(okTotal - (okRow[0] ?? 0), okTotal),
    rocAuc: rocAuc(
      defectScores.filter((_, i) => isDefect[i]),
      defectScores.filter((_, i) => !isDefect[i]),
    ),
    calibration: calibration(defectScores, isDefect),
    ...(other.photos > 0 ? { otherDefects: other } : {}),
  };
}

/** What a threshold placed on a set of photos can promise about the false-reject rate it was asked for. */
export interface ThresholdPromise {
  okPhotos: number;
  falseRejects: number;
  /** The 95% (Wilson) upper bound of the false-reject rate those photos allow. */
  upperBound: number;
  /** Ok photos needed for the bound to reach the rate asked, with no false reject among them. */
  okPhotosNeeded: number;
  /**
   * With that many ok photos or more: the highest rate to place the threshold
   * for on them (`--max-false-reject`) whose bound stays within the rate
   * asked; null with fewer, where only more photos can keep the promise.
   */
  promisingRate: number | null;
  isKept: boolean;
}

/** Ok photos a threshold needs for the rate to be promised with none of them rejected: the 95% Wilson bound of 0 of n reaching it. */
export function okPhotosToPromise(maxFalseRejectRate: number): number {
  return Math.ceil((Z_95 * Z_95 * (1 - maxFalseRejectRate)) / maxFalseRejectRate);
}

export function thresholdPromise(photos: readonly ScoredPhoto[], threshold: number, maxFalseRejectRate: number): ThresholdPromise {
  const ok = photos.filter((p) => p.truth === "ok");
  const falseRejects = ok.filter((p) => defectScore(p.scores) >= threshold).length;
  const upperBound = ok.length === 0 ? 1 : wilsonInterval(falseRejects, ok.length).high;
  const okPhotosNeeded = okPhotosToPromise(maxFalseRejectRate);
  let promised = -1;
  while (promised < ok.length && wilsonInterval(promised + 1, ok.length).high <= maxFalseRejectRate + 1e-9) promised++;
  return {
    okPhotos: ok.length,
    falseRejects,
    upperBound,
    okPhotosNeeded,
    promisingRate: promised < 0 ? null : promised / ok.length,
    isKept: upperBound <= maxFalseRejectRate + 1e-9,
  };
}

/** The warning a training run gives when its threshold cannot keep the false-reject rate asked, else null. */
export function thresholdWarningOf(promise: ThresholdPromise, maxFalseReject: number): string | null {
  const percent = (x: number) => `${(100 * x).toFixed(1)}%`;
  if (promise.isKept) return null;
  const known =
    `the operating threshold rests on ${promise.okPhotos} ok photos (${promise.falseRejects} rejected): the false-reject rate is only known ` +
    `to be under ${percent(promise.upperBound)} (95%), not the ${percent(maxFalseReject)} asked.`;
  if (promise.promisingRate === null)
    return `${known} Label at least ${promise.okPhotosNeeded} ok photos for the threshold (--holdout places half the held-out photos there; --folds places it on every training and validation photo) to promise it.`;
  // Enough ok photos: the bound exceeds the rate asked only because the threshold was placed at that rate on them.
  // Rounded down: a flag rounded up could let one more reject through than the promise allows.
  const flag = (Math.floor(promise.promisingRate * 10_000) / 10_000).toFixed(4);
  return `${known} Placed for ${percent(promise.promisingRate)} on them (--max-false-reject ${flag}), it would promise it.`;
}

/**
 * The report at the threshold placed on these very photos for
 * `maxFalseRejectRate` (a defect of no class the model knows counts as a
 * defect): an upper bound of what a threshold placed on other photos
 * reaches. Apart from where a threshold happens to land, it says whether the
 * model separates well enough for the rate at all.
 */
export function evaluateAtOwnRate(photos: readonly ScoredPhoto[], classes: readonly string[], maxFalseRejectRate: number): Evaluation {
  return evaluate(photos, classes, chooseThreshold(photos, maxFalseRejectRate), undefined, { otherDefects: true });
}

/**
 * The operating threshold: the highest defect recall whose false-reject rate
 * on these photos stays within `maxFalseRejectRate` (ties: the higher threshold).
 */
export function chooseThreshold(photos: readonly ScoredPhoto[], maxFalseRejectRate: number): number {
  const okScores = photos
    .filter((p) => p.truth === "ok")
    .map((p) => defectScore(p.scores))
    .sort((a, b) => b - a);
  if (okScores.length === 0) return 0.5;
  // Allow at most floor(rate * n) ok photos at or above the threshold (a whole number that floating point lands just under counts whole).
  const allowed = Math.floor(maxFalseRejectRate * okScores.length + 1e-9);
  const boundary = okScores[allowed] ?? 0;
  return Math.min(1, boundary + 1e-6);
}

/** P(X >= r) for X ~ Binomial(n, p): how likely a false-reject rate p is to reject r or more of n ok photos. */
export function binomialTailAtLeast(n: number, p: number, r: number): number {
  if (r <= 0) return 1;
  if (r > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  // 1 - P(X < r), the terms by their ratio from P(X = 0); n stays small here (fewer ok photos than a promise needs).
  let term = (1 - p) ** n;
  let below = 0;
  for (let k = 0; k < r; k++) {
    below += term;
    term *= ((n - k) / (k + 1)) * (p / (1 - p));
  }
  return Math.max(0, 1 - below);
}

/** A threshold placed on far more ok photos than the line has: the starting version's, for the classes it scores unchanged. */
export interface ThresholdAnchor {
  threshold: number;
  /** Whose threshold it is (a version), for the log. */
  from: string;
  /** The ok photos it was placed on, when known. */
  okPhotos?: number;
}

export interface ThresholdPlacement {
  threshold: number;
  /** Whose threshold was kept (the anchor's): these photos do not show it rejects more than the rate asked. */
  keptFrom?: string;
  /** Why the threshold sits where it does, a sentence for the log and the evaluation. */
  why: string;
}

/** Below this, ok photos rejecting more at an anchor's threshold than the rate asked are taken to show it rejects more here. */
export const ANCHOR_TEST_LEVEL = 0.05;

/**
 * Where the operating threshold goes: placed on these photos for the rate
 * asked (chooseThreshold). A line's few ok photos place it by their one or
 * two highest scores, a guess (thresholdPromise says by how much); with too
 * few to keep the promise and an anchor, the anchor's threshold stands
 * unless these photos show it rejects more than the rate asked: as many ok
 * photos at or above it as that rate gives less than 5% of the time (a
 * one-sided binomial test). Then it is placed on them after all. So a line's
 * photos can move a threshold placed on thousands only when they say it must
 * move; with enough ok photos to keep the promise, they place it themselves.
 */
export function placeThreshold(photos: readonly ScoredPhoto[], maxFalseRejectRate: number, anchor?: ThresholdAnchor): ThresholdPlacement {
  const placed = chooseThreshold(photos, maxFalseRejectRate);
  const percent = (x: number) => `${(100 * x).toFixed(1)}%`;
  const needed = okPhotosToPromise(maxFalseRejectRate);
  const okScores = photos.filter((p) => p.truth === "ok").map((p) => defectScore(p.scores));
  const onThem = `placed for ${percent(maxFalseRejectRate)} false rejects on ${okScores.length} ok photos`;
  if (!anchor || okScores.length >= needed) return { threshold: placed, why: `${onThem}.` };
  const theirs = `${anchor.from}'s threshold (${anchor.threshold.toFixed(4)}${anchor.okPhotos ? `, placed on ${anchor.okPhotos} ok photos` : ""})`;
  if (okScores.length === 0) return { threshold: anchor.threshold, keptFrom: anchor.from, why: `no ok photo to test ${theirs}: keeping it.` };
  const rejected = okScores.filter((score) => score >= anchor.threshold).length;
  const chance = binomialTailAtLeast(okScores.length, maxFalseRejectRate, rejected);
  const test =
    rejected === 0
      ? `none of the ${okScores.length} ok photos reach ${theirs}`
      : `${rejected} of the ${okScores.length} ok photos ${rejected === 1 ? "reaches" : "reach"} ${theirs}; ` +
        `a ${percent(maxFalseRejectRate)} false-reject rate rejects that many or more ${(100 * chance).toFixed(1)}% of the time`;
  if (chance < ANCHOR_TEST_LEVEL) return { threshold: placed, why: `${test}, under ${percent(ANCHOR_TEST_LEVEL)}, so it rejects more here: ${onThem}.` };
  return {
    threshold: anchor.threshold,
    keptFrom: anchor.from,
    why: `${test}, so they do not show it rejects more here: keeping it (${okScores.length} ok photos are fewer than the ${needed} that could place one for ${percent(maxFalseRejectRate)} themselves).`,
  };
}
