-- Costs that grew with history, measured by `npm run bench:load -- --history`:
-- with a million decided units the queue and the drift monitor read them all.

-- The queue takes a station's undecided units oldest first. Through
-- (station_id, captured_at) it first walked past every decided unit (the
-- planner expects waiting units spread through time; they are the newest);
-- this index holds only the waiting ones, in the queue's own order.
CREATE INDEX "captures_station_id_captured_at_id_idx" ON "captures"("station_id", "captured_at", "id") WHERE "decided_at" IS NULL;

-- Drift windows are the active model's predictions on a station in order:
-- read newest first by this index instead of skipping an OFFSET of them all.
CREATE INDEX "predictions_station_id_model_version_id_created_at_id_idx" ON "predictions"("station_id", "model_version_id", "created_at", "id");

-- How many predictions each model has made at each station, kept in the same
-- transaction as each insert: the drift monitor's count of units seen, which
-- was a count(*) over them all on every run.
CREATE TABLE "prediction_counts" (
    "station_id" UUID NOT NULL,
    "model_version_id" UUID NOT NULL,
    "predictions" BIGINT NOT NULL,

    CONSTRAINT "prediction_counts_pkey" PRIMARY KEY ("station_id", "model_version_id")
);

CREATE FUNCTION "predictions_count"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO prediction_counts (station_id, model_version_id, predictions)
    SELECT station_id, model_version_id, count(*) FROM new_rows GROUP BY 1, 2
    ON CONFLICT (station_id, model_version_id) DO UPDATE SET predictions = prediction_counts.predictions + EXCLUDED.predictions;
  ELSE
    UPDATE prediction_counts c SET predictions = c.predictions - gone.n
      FROM (SELECT station_id, model_version_id, count(*) AS n FROM old_rows GROUP BY 1, 2) gone
     WHERE c.station_id = gone.station_id AND c.model_version_id = gone.model_version_id;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "predictions_count_insert" AFTER INSERT ON "predictions"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "predictions_count"();
CREATE TRIGGER "predictions_count_delete" AFTER DELETE ON "predictions"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "predictions_count"();
-- Bulk loads (seed-history) replicate; the count must follow them too.
ALTER TABLE "predictions" ENABLE ALWAYS TRIGGER "predictions_count_insert";
ALTER TABLE "predictions" ENABLE ALWAYS TRIGGER "predictions_count_delete";

INSERT INTO prediction_counts (station_id, model_version_id, predictions)
SELECT station_id, model_version_id, count(*) FROM predictions GROUP BY 1, 2;
