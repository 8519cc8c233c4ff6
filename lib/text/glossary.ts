/**
 * The terms the evidence pages use, each in one line where it appears
 * (components/ui/term.tsx) and at length on /glossary. One place, so the
 * tooltip and the page never say two different things.
 */
export interface GlossaryEntry {
  id: string;
  term: string;
  /** One line, shown where the term appears. */
  short: string;
  /** The glossary's paragraph: how to read it here, and when not to trust it yet. */
  long: string;
}

export const GLOSSARY = [
  {
    id: "agreement",
    term: "Agreement",
    short: "The share of compared units where the model and the inspector gave the same label.",
    long: "Counted on units both judged (shadow, or the blind share at AI assistance). It says how often the model would have answered like the inspector, not who was right: settled truth on /review says that.",
  },
  {
    id: "kappa",
    term: "Cohen's kappa",
    short: "Agreement beyond what chance would give with the same label frequencies: 1 perfect, 0 chance.",
    long: "With 95% ok units, always saying ok agrees 95% of the time; kappa discounts that. Undefined when every unit has one label. Read it with agreement, never alone.",
  },
  {
    id: "recall",
    term: "Recall (defect recall)",
    short: "Of the units that truly have a defect, the share the model flags.",
    long: "The share of defects caught: what escapes to the customer is one minus it. Per class, recall is one class against the rest. With few defects its interval is wide: a figure on ten defects says little.",
  },
  {
    id: "false-reject-rate",
    term: "False-reject rate",
    short: "Of the good units, the share the model rejects.",
    long: "Every false reject is a good phone scrapped or sent to rework. The operating threshold is chosen to keep it under a target; it can only be promised with enough good units (150 with none rejected for 2.5%, by the Wilson bound).",
  },
  {
    id: "wilson",
    term: "Wilson interval",
    short: "The range a rate measured on n units probably lies in (95%), honest even for small n and rates near 0 or 1.",
    long: "A rate of 100% on 3 units has a Wilson interval of 44–100%: the gates use the interval's pessimistic end, so a number that cannot be trusted yet does not pass.",
  },
  {
    id: "ece",
    term: "ECE (expected calibration error)",
    short: "How far the model's stated confidence is from how often it is right, averaged over confidence bins.",
    long: "0 means a model that says 80% is right 80% of the time. A high ECE makes confidence thresholds (partial automation) unreliable even when accuracy is fine.",
  },
  {
    id: "psi",
    term: "PSI (population stability index)",
    short: "How far a window's distribution of an input statistic moved from the reference: 0 none, above 0.2 a real shift.",
    long: "Computed over the reference's deciles. Drift monitoring holds each statistic to a threshold set from the reference's own window-to-window noise, and opens an alert after several windows in a row past it.",
  },
  {
    id: "ks",
    term: "KS test (Kolmogorov–Smirnov)",
    short: "A test of whether a window's values could come from the reference distribution; a small p-value says they probably do not.",
    long: "Shown beside PSI for input statistics; with thousands of units tiny shifts give tiny p-values, so alerts rest on PSI against its calibrated threshold, not on p alone.",
  },
] as const satisfies readonly GlossaryEntry[];

export type GlossaryId = (typeof GLOSSARY)[number]["id"];

export function glossaryEntry(id: GlossaryId): GlossaryEntry {
  return GLOSSARY.find((entry) => entry.id === id) as GlossaryEntry;
}
