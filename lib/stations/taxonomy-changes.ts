import { z } from "zod";
import { appendAudit, type Actor } from "../audit/index.ts";
import { startEvidence, LEVEL_LABELS, mayDecideAlone, lockStation, type LadderRefusal } from "../automation/index.ts";
import { refuse } from "../refusals/index.ts";
import type { Db, DbOrTx } from "../db/index.ts";
import type { AutomationLevel } from "../generated/prisma/enums.ts";
import { displayText } from "../text/index.ts";
import { classesNotCovered, coverageProblem, defectClassesFromLabels, DEFECT_KEY_PATTERN, OK_LABEL } from "./taxonomy.ts";

// A station's defect classes after it was created. Adding or retiring a class
// changes what a verdict can say, so the gates' evidence starts afresh (it was
// gathered on another taxonomy); renaming changes only the words people read,
// so the key, the verdicts and the evidence stay.

export type TaxonomyChange =
  { kind: "add"; label: string } | { kind: "rename"; key: string; label: string } | { kind: "retire"; key: string } | { kind: "restore"; key: string };

export const taxonomyChangeSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("add"), label: displayText(1, 40) }).strict(),
  z.object({ kind: z.literal("rename"), key: z.string().regex(DEFECT_KEY_PATTERN), label: displayText(1, 40) }).strict(),
  z.object({ kind: z.literal("retire"), key: z.string().regex(DEFECT_KEY_PATTERN) }).strict(),
  z.object({ kind: z.literal("restore"), key: z.string().regex(DEFECT_KEY_PATTERN) }).strict(),
]);

export type TaxonomyChangeResult = { ok: true; key: string; message: string } | LadderRefusal;

const MAX_CLASSES = 12;

/** An admin changes one defect class of a station (audited; see the rules above). */
export async function changeDefectClass(db: Db, slug: string, change: TaxonomyChange, by: Actor, reason: string): Promise<TaxonomyChangeResult> {
  return db.$transaction(async (tx) => {
    const locked = await lockStation(tx, slug);
    if (!locked.ok) return locked;
    const { stationId, state } = locked;
    const classes = await tx.defectClass.findMany({ where: { stationId }, orderBy: { position: "asc" } });
    const at = new Date();
    const audit = (action: string, what: string, evidence: Record<string, string | null>) =>
      appendAudit(tx, { stationId, actor: by, action, reason: `${what}: ${reason}`, evidence: { ...evidence, classes: classes.map((c) => c.key) }, at });

    if (change.kind === "add") {
      const [spec] = defectClassesFromLabels(change.label);
      if (!spec || !DEFECT_KEY_PATTERN.test(spec.key)) return refuse("invalid", "bad-label", `"${change.label}" makes no class name: start it with a letter.`);
      if (spec.key === OK_LABEL) return refuse("invalid", "bad-label", `'${OK_LABEL}' is the verdict for no defect, not a defect class.`);
      const same = classes.find((c) => c.key === spec.key || sameName(c.label, spec.label));
      if (same)
        return refuse(
          "conflict",
          "exists",
          same.retiredAt ? `"${same.label}" exists but is retired: restore it instead.` : `The station already has "${same.label}".`,
        );
      if (classes.filter((c) => !c.retiredAt).length >= MAX_CLASSES)
        return refuse("invalid", "too-many", `A station has at most ${MAX_CLASSES} defect classes in use.`);
      const problem = await unknownToDecidingModel(tx, state, spec.key);
      if (problem) return problem;
      await tx.defectClass.create({ data: { stationId, key: spec.key, label: spec.label, position: classes.length } });
      await startEvidence(tx, stationId, at, `defect class "${spec.label}" added`);
      await audit("DEFECT_CLASS_ADDED", `"${spec.label}" (${spec.key}) added`, { key: spec.key, label: spec.label });
      return {
        ok: true,
        key: spec.key,
        message: `"${spec.label}" added; inspectors see it on their next photo. The station's evidence starts afresh.`,
      } as const;
    }

    const target = classes.find((c) => c.key === change.key);
    if (!target) return refuse("not-found", "unknown-class", `The station has no defect class ${JSON.stringify(change.key)}.`);

    if (change.kind === "rename") {
      if (target.label === change.label) return refuse("conflict", "unchanged", `"${target.label}" is already its name.`);
      const namesake = classes.find((c) => c !== target && sameName(c.label, change.label));
      if (namesake) return refuse("conflict", "exists", `The station already has "${namesake.label}".`);
      await tx.defectClass.update({ where: { id: target.id }, data: { label: change.label } });
      await audit("DEFECT_CLASS_RENAMED", `"${target.label}" renamed "${change.label}" (key ${target.key} kept)`, {
        key: target.key,
        from: target.label,
        to: change.label,
      });
      return { ok: true, key: target.key, message: `"${target.label}" is now "${change.label}"; its verdicts keep their meaning.` } as const;
    }

    if (change.kind === "retire") {
      if (target.retiredAt) return refuse("conflict", "already-retired", `"${target.label}" is already retired.`);
      if (classes.filter((c) => !c.retiredAt).length <= 1) return refuse("conflict", "last-class", "A station keeps at least one defect class in use.");
      await tx.defectClass.update({ where: { id: target.id }, data: { retiredAt: at } });
      await startEvidence(tx, stationId, at, `defect class "${target.label}" retired`);
      await audit("DEFECT_CLASS_RETIRED", `"${target.label}" retired`, { key: target.key, label: target.label });
      return {
        ok: true,
        key: target.key,
        message: `"${target.label}" retired: new verdicts cannot use it; its verdicts stay. The station's evidence starts afresh.`,
      } as const;
    }

    if (!target.retiredAt) return refuse("conflict", "in-use", `"${target.label}" is in use already.`);
    const problem = await unknownToDecidingModel(tx, state, target.key);
    if (problem) return problem;
    await tx.defectClass.update({ where: { id: target.id }, data: { retiredAt: null } });
    await startEvidence(tx, stationId, at, `defect class "${target.label}" restored`);
    await audit("DEFECT_CLASS_RESTORED", `"${target.label}" restored`, { key: target.key, label: target.label });
    return { ok: true, key: target.key, message: `"${target.label}" is back in use. The station's evidence starts afresh.` } as const;
  });
}

/** Two names people would read as one class ("Dust speck", "dust  speck"). */
function sameName(a: string, b: string): boolean {
  const norm = (text: string) => text.trim().replace(/\s+/g, " ").toLocaleLowerCase();
  return norm(a) === norm(b);
}

/**
 * Where the model decides units alone, a class it cannot name would pass
 * every such defect as ok: refused until the station is demoted or runs a
 * model that knows the class.
 */
async function unknownToDecidingModel(tx: DbOrTx, state: { level: AutomationLevel; activeModelId: string | null }, key: string): Promise<LadderRefusal | null> {
  if (!mayDecideAlone(state.level) || !state.activeModelId) return null;
  const model = await tx.modelVersion.findUnique({ where: { id: state.activeModelId }, select: { version: true, classes: true } });
  if (!model || classesNotCovered(model.classes as string[], [{ key }]).length === 0) return null;
  return refuse(
    "conflict",
    "model-does-not-know",
    `${coverageProblem(model.version, [key])} At ${LEVEL_LABELS[state.level]} the model decides units alone: demote the station to AI assistance or shadow first.`,
  );
}
