-- Photo retention (lib/captures/retention.ts): a capture keeps its row, its
-- verdicts and its comparisons for ever; its photo goes once it is older than
-- PHOTO_RETENTION_DAYS and no longer evidence. This says when it went.
ALTER TABLE "captures" ADD COLUMN "photo_removed_at" TIMESTAMPTZ(3);

-- The sweep walks a station's photos oldest first, past none already removed.
CREATE INDEX "captures_photo_retention_idx" ON "captures"("station_id", "captured_at") WHERE "photo_removed_at" IS NULL;
