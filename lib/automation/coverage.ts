import type { DbOrTx } from "../db/client.ts";
import { classesNotCovered, coverageProblem } from "../stations/taxonomy.ts";

/**
 * Why a model version cannot run at a station, or null when it can: it must
 * know every defect class the station uses. Asked wherever a model is given
 * a station (candidate, switch) and before the station moves up with it.
 */
export async function modelCoverageProblem(tx: DbOrTx, stationId: string, modelId: string): Promise<string | null> {
  const [model, classes] = await Promise.all([
    tx.modelVersion.findUnique({ where: { id: modelId }, select: { version: true, classes: true } }),
    tx.defectClass.findMany({ where: { stationId }, select: { key: true, retiredAt: true } }),
  ]);
  if (!model) return null;
  return coverageProblem(model.version, classesNotCovered(model.classes as string[], classes));
}
