// Disagreement review: the units where the model and an inspector disagree,
// and their adjudication, which turns agreement into error rates for both.
export { disagreementsForReview, REVIEW_PAGE_SIZE, type Disagreement, type DisagreementPage, type SettledFilter } from "./disagreements.ts";
export { adjudicate, adjudicationInputSchema, type AdjudicationInput, type AdjudicationResult } from "./adjudicate.ts";
export { adjudicatorDisagreements, type AdjudicatorDisagreement, type Opinion } from "./adjudicator-disagreements.ts";
