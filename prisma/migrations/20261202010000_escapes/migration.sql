-- Units found defective (or good) after the station decided them: end-of-line
-- tests and customer returns, the truth that matters most once the model
-- decides alone (lib/automation/escapes.ts, which also checks found_where).
CREATE TABLE "escapes" (
    "id" UUID NOT NULL,
    "station_id" UUID NOT NULL,
    "capture_id" UUID NOT NULL,
    "found" TEXT NOT NULL,
    "found_at" TIMESTAMPTZ(3) NOT NULL,
    "found_where" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "reported_by_id" TEXT,
    "reported_by_token_id" UUID,
    "idempotency_key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "escapes_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "escapes_idempotency_key_key" ON "escapes"("idempotency_key");
CREATE INDEX "escapes_station_id_found_at_idx" ON "escapes"("station_id", "found_at");
CREATE INDEX "escapes_capture_id_idx" ON "escapes"("capture_id");

ALTER TABLE "escapes" ADD CONSTRAINT "escapes_station_id_fkey" FOREIGN KEY ("station_id") REFERENCES "stations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "escapes" ADD CONSTRAINT "escapes_capture_id_fkey" FOREIGN KEY ("capture_id") REFERENCES "captures"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "escapes" ADD CONSTRAINT "escapes_reported_by_id_fkey" FOREIGN KEY ("reported_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
