-- Drift monitoring: per-window checks (PSI over time, the state alerts open and
-- close on), a station's drift baseline and policy; and cameras' station tokens.

-- AlterTable
ALTER TABLE "station_automation" ADD COLUMN "drift_baseline_from" TIMESTAMPTZ(3),
ADD COLUMN "drift_baseline_to" TIMESTAMPTZ(3),
ADD COLUMN "drift_demotes" BOOLEAN NOT NULL DEFAULT true;

-- CreateTable
CREATE TABLE "drift_checks" (
    "id" BIGSERIAL NOT NULL,
    "station_id" UUID NOT NULL,
    "model_version_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "feature" TEXT NOT NULL,
    "units_seen" INTEGER NOT NULL,
    "window_size" INTEGER NOT NULL,
    "window_end" TIMESTAMPTZ(3) NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "threshold" DOUBLE PRECISION NOT NULL,
    "p_value" DOUBLE PRECISION,
    "exceeded" BOOLEAN NOT NULL,
    "detail" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "drift_checks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "station_tokens" (
    "id" UUID NOT NULL,
    "station_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "created_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "station_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "drift_checks_station_id_window_end_idx" ON "drift_checks"("station_id", "window_end");

-- CreateIndex
CREATE UNIQUE INDEX "drift_checks_station_id_model_version_id_kind_feature_units_key" ON "drift_checks"("station_id", "model_version_id", "kind", "feature", "units_seen");

-- CreateIndex
CREATE UNIQUE INDEX "station_tokens_token_hash_key" ON "station_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "station_tokens_station_id_idx" ON "station_tokens"("station_id");

-- AddForeignKey
ALTER TABLE "drift_checks" ADD CONSTRAINT "drift_checks_station_id_fkey" FOREIGN KEY ("station_id") REFERENCES "stations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "station_tokens" ADD CONSTRAINT "station_tokens_station_id_fkey" FOREIGN KEY ("station_id") REFERENCES "stations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "station_tokens" ADD CONSTRAINT "station_tokens_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
