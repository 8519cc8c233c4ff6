-- Retraining runs started on /models (lib/model/training/runs.ts), trained by
-- scripts/training-worker.ts; progress, log and outcome live here so any app instance shows them.
CREATE TYPE "TrainingRunStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED');

CREATE TABLE "training_runs" (
    "id" UUID NOT NULL,
    "station_id" UUID NOT NULL,
    "requested_by_id" TEXT NOT NULL,
    "status" "TrainingRunStatus" NOT NULL DEFAULT 'QUEUED',
    "version" TEXT NOT NULL,
    "options" JSONB NOT NULL,
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "log" TEXT NOT NULL DEFAULT '',
    "comparison" JSONB,
    "error" TEXT,
    "cancel_requested" BOOLEAN NOT NULL DEFAULT false,
    "heartbeat_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "training_runs_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "training_runs_version_key" ON "training_runs"("version");
CREATE INDEX "training_runs_station_id_created_at_idx" ON "training_runs"("station_id", "created_at");
CREATE INDEX "training_runs_status_idx" ON "training_runs"("status");
ALTER TABLE "training_runs" ADD CONSTRAINT "training_runs_station_id_fkey" FOREIGN KEY ("station_id") REFERENCES "stations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "training_runs" ADD CONSTRAINT "training_runs_requested_by_id_fkey" FOREIGN KEY ("requested_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
