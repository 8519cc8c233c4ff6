-- Evidence for the active model lasts until something invalidates it (a model
-- switch, a change of defect classes, a drift alert, an engineer's reset), not
-- until the level changes: the gates read compared units since evidence_since.
ALTER TABLE "station_automation" ADD COLUMN "evidence_since" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE "station_automation" ADD COLUMN "evidence_since_reason" TEXT NOT NULL DEFAULT '';

-- Before this, evidence began with each level: keep that start for stations that exist.
UPDATE "station_automation" SET "evidence_since" = "era_started_at", "evidence_since_reason" = 'the level then running began (evidence ended with each level change before this version)';
