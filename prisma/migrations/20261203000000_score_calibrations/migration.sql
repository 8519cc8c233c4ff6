-- A station's calibration of a model version's P(defect) score, fitted on its
-- own shadow era (isotonic regression, lib/drift/calibration.ts): what the
-- label-free estimate of the units the model decides alone rests on. One per
-- station and model version; an engineer's refit replaces it (audited).
CREATE TABLE "score_calibrations" (
    "station_id" UUID NOT NULL,
    "model_version_id" UUID NOT NULL,
    "bounds" JSONB NOT NULL,
    "rates" JSONB NOT NULL,
    "class_right" DOUBLE PRECISION NOT NULL,
    "units" INTEGER NOT NULL,
    "defects" INTEGER NOT NULL,
    "fitted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "fitted_by_id" TEXT,

    CONSTRAINT "score_calibrations_pkey" PRIMARY KEY ("station_id", "model_version_id")
);

ALTER TABLE "score_calibrations" ADD CONSTRAINT "score_calibrations_station_id_fkey" FOREIGN KEY ("station_id") REFERENCES "stations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "score_calibrations" ADD CONSTRAINT "score_calibrations_model_version_id_fkey" FOREIGN KEY ("model_version_id") REFERENCES "model_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The escape gate a manager may require for full automation: at most
-- escape_gate_per_million defects passed per million over the last
-- escape_gate_units units the model decided alone. Null: not required.
ALTER TABLE "station_automation" ADD COLUMN "escape_gate_per_million" INTEGER;
ALTER TABLE "station_automation" ADD COLUMN "escape_gate_units" INTEGER;
