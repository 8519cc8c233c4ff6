// Disagreement review: the units where the model and an inspector disagree,
// and their adjudication, which turns agreement into error rates for both.
import "server-only";

export { disagreementsForReview, REVIEW_PAGE_SIZE, type Disagreement, type DisagreementPage, type SettledFilter } from "./disagreements.ts";
export {
  ADJUDICATION_UNDO_MS,
  adjudicate,
  adjudicationInputSchema,
  undoAdjudication,
  UNDO_REFUSED,
  type AdjudicationInput,
  type AdjudicationResult,
  type UndoAdjudicationResult,
} from "./adjudicate.ts";
export { adjudicatorDisagreements, type AdjudicatorDisagreement, type Opinion } from "./adjudicator-disagreements.ts";
