-- Predictions with provenance: who posted one, from which session, for which
-- content of the model, under which lease; and, where the model may decide a
-- unit alone, whether the server's own run of the model agreed with it.
ALTER TABLE "predictions" ADD COLUMN "posted_by_id" TEXT;
ALTER TABLE "predictions" ADD COLUMN "session_id" TEXT;
ALTER TABLE "predictions" ADD COLUMN "model_hash" TEXT NOT NULL DEFAULT '';
ALTER TABLE "predictions" ADD COLUMN "lease_expires_at" TIMESTAMPTZ(3);
ALTER TABLE "predictions" ADD COLUMN "verified" BOOLEAN;
ALTER TABLE "predictions" ADD COLUMN "server_defect_score" DOUBLE PRECISION;

-- The SHA-256 of a version's shipped artifact (model.json and its weights), '' where it has none.
ALTER TABLE "model_versions" ADD COLUMN "content_hash" TEXT NOT NULL DEFAULT '';
