-- The automation ladder: canary plans on each station, and drift alerts that
-- block promotions and demote stations running the model alone.

-- AlterTable
ALTER TABLE "station_automation" ADD COLUMN "canary_steps" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN "canary_step_index" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "canary_step_started_at" TIMESTAMPTZ(3),
ADD COLUMN "canary_min_units" INTEGER NOT NULL DEFAULT 200;

-- CreateTable
CREATE TABLE "drift_alerts" (
    "id" UUID NOT NULL,
    "station_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "feature" TEXT NOT NULL,
    "opened_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closed_at" TIMESTAMPTZ(3),
    "detail" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "drift_alerts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "drift_alerts_station_id_closed_at_idx" ON "drift_alerts"("station_id", "closed_at");

-- AddForeignKey
ALTER TABLE "drift_alerts" ADD CONSTRAINT "drift_alerts_station_id_fkey" FOREIGN KEY ("station_id") REFERENCES "stations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
