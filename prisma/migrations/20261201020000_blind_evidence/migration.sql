-- Blind evidence: at AI assistance a share of units shows the inspector no
-- suggestion; only those (and adjudicated truth) are evidence for the next
-- level, since agreement measured while the answer is shown is automation bias.
ALTER TABLE "station_automation" ADD COLUMN "blind_share" DOUBLE PRECISION NOT NULL DEFAULT 0.15;

-- The label an inspector pressed first and took back (undo) before the verdict
-- they sent: how often people change their answer toward the suggestion.
ALTER TABLE "verdicts" ADD COLUMN "revised_from" TEXT;
