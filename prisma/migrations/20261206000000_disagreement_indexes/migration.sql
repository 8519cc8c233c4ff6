-- /review lists the active model's disagreements, open ones first, the
-- model's most confident first (lib/review/disagreements.ts). Without these
-- it sorted every comparison ever made for each page; with them each list
-- walks only as far as the page it shows.
CREATE INDEX "comparisons_open_disagreements_idx" ON "comparisons"("confidence" DESC, "decided_at" DESC, "capture_id") WHERE model_role = 'ACTIVE' AND human_label <> model_label AND truth IS NULL;

CREATE INDEX "comparisons_settled_disagreements_idx" ON "comparisons"("confidence" DESC, "decided_at" DESC, "capture_id") WHERE model_role = 'ACTIVE' AND human_label <> model_label AND truth IS NOT NULL;
