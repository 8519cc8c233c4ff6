// The inspection station's writes: verdicts (and, with the model issue's
// worker, shadow predictions), each stored exactly once however often the
// client's outbox retries it.
import "server-only";

export { recordPrediction, predictionInputSchema, type PredictionInput, type PredictionResult } from "./predictions.ts";
export { recordVerdict, verdictInputSchema, type VerdictInput, type VerdictResult, type VerdictRefusal, type StoredVerdict } from "./verdicts.ts";
export { judgedThisShift } from "./shift.ts";
