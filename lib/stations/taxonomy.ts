/**
 * The defect taxonomy. Each station configures its own classes; these are the
 * defaults a new station gets and the classes the shipped model knows.
 * "ok" is the verdict for a unit with no defect; it is never a defect class.
 */
export const OK_LABEL = "ok";

export interface DefectClassSpec {
  key: string;
  label: string;
}

export const DEFAULT_DEFECT_CLASSES: readonly DefectClassSpec[] = [
  { key: "scratch", label: "Scratch" },
  { key: "crack", label: "Crack" },
  { key: "dent", label: "Dent" },
];

export const DEFECT_KEY_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;

/** Labels a verdict at this station may carry: ok first, then its classes in order. */
export function labelsOf(defectClasses: readonly { key: string }[]): string[] {
  return [OK_LABEL, ...defectClasses.map((defect) => defect.key)];
}

/**
 * Defect classes as a person types them on /admin, one label per comma or
 * line ("Scratch, Crack, Bubble"): each label's key is its lower-case words
 * joined by dashes ("Cracked lens" -> cracked-lens). Keys that still break
 * DEFECT_KEY_PATTERN are left for the station schema to refuse with a reason.
 */
export function defectClassesFromLabels(text: string): DefectClassSpec[] {
  return text
    .split(/[,\n]/)
    .map((label) => label.trim().replace(/\s+/g, " "))
    .filter(Boolean)
    .map((label) => ({
      key: label
        .normalize("NFKD")
        .replace(/[\u0300-\u036f]/g, "")
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-+|-+$/g, ""),
      label,
    }));
}

/**
 * The station's defect classes a model cannot name: a model runs at a station
 * only when there are none (it may know more classes than the station has).
 * Retired classes are not asked for.
 */
export function classesNotCovered(modelClasses: readonly string[], stationClasses: readonly { key: string; retiredAt?: Date | null }[]): string[] {
  const known = new Set(modelClasses);
  return stationClasses.filter((defect) => !defect.retiredAt && !known.has(defect.key)).map((defect) => defect.key);
}

/** One sentence on why a model cannot run at a station, or null when it can. */
export function coverageProblem(version: string, missing: readonly string[]): string | null {
  if (missing.length === 0) return null;
  const names = missing.map((key) => `'${key}'`).join(", ");
  return `Model ${version} does not know the station's defect class${missing.length > 1 ? "es" : ""} ${names}: train a model on photos of ${missing.length > 1 ? "them" : "it"} first.`;
}
