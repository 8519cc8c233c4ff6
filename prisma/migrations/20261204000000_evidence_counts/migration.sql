-- Incremental gate evidence. A ladder review used to count every compared
-- unit of the station's evidence with one GROUP BY over `comparisons`, which
-- grows with history. `evidence_counts` holds, per UTC day, the independent
-- compared units (those the gates read: a verdict given without the model's
-- suggestion, or any adjudicated unit) by reference label, model label,
-- level and whether the model would decide the unit alone at PARTIAL under the
-- station's thresholds. lib/automation/evidence.ts reads these rows for the
-- whole days of the evidence and scans `comparisons` only for the day it
-- began, so a review costs the same whatever the history.
CREATE TABLE "evidence_counts" (
    "station_id" UUID NOT NULL,
    "model_version_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "level" "AutomationLevel" NOT NULL,
    "reference" TEXT NOT NULL,
    "model_label" TEXT NOT NULL,
    "confident" BOOLEAN NOT NULL,
    "units" INTEGER NOT NULL,

    CONSTRAINT "evidence_counts_pkey" PRIMARY KEY ("station_id", "model_version_id", "day", "level", "reference", "model_label", "confident")
);

-- One rollup, one function: a set of comparisons counted in (sign 1) or out
-- (sign -1) of the three daily tables the dashboard reads and of
-- evidence_counts. The insert, update and delete triggers all call it.
CREATE FUNCTION roll_up_comparisons(changed comparisons[], sign integer) RETURNS void LANGUAGE sql AS $$
  INSERT INTO evidence_daily (day, station_id, model_version_id, model_role, inspector_id, lighting, level, human_label, model_label, truth, confidence_bin, units, confidence_sum)
  SELECT ((x.decided_at AT TIME ZONE 'UTC')::date), x.station_id, x.model_version_id, x.model_role, COALESCE(x.inspector_id, ''), lighting_bucket(x.brightness), x.level, x.human_label, x.model_label, COALESCE(x.truth, ''), confidence_bin(x.confidence), sign * count(*), sign * sum(x.confidence)
  FROM unnest(changed) x GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
  ON CONFLICT (day, station_id, model_version_id, model_role, inspector_id, lighting, level, human_label, model_label, truth, confidence_bin)
  DO UPDATE SET units = evidence_daily.units + EXCLUDED.units, confidence_sum = evidence_daily.confidence_sum + EXCLUDED.confidence_sum;

  INSERT INTO evidence_scores_daily (day, station_id, model_version_id, model_role, inspector_id, lighting, level, human_says_defect, score_bin, units)
  SELECT ((x.decided_at AT TIME ZONE 'UTC')::date), x.station_id, x.model_version_id, x.model_role, COALESCE(x.inspector_id, ''), lighting_bucket(x.brightness), x.level, (x.human_label <> 'ok'), score_bin(x.defect_score), sign * count(*)
  FROM unnest(changed) x GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
  ON CONFLICT (day, station_id, model_version_id, model_role, inspector_id, lighting, level, human_says_defect, score_bin)
  DO UPDATE SET units = evidence_scores_daily.units + EXCLUDED.units;

  INSERT INTO evidence_decision_times_daily (day, station_id, model_version_id, model_role, inspector_id, lighting, level, time_bin, units)
  SELECT ((x.decided_at AT TIME ZONE 'UTC')::date), x.station_id, x.model_version_id, x.model_role, COALESCE(x.inspector_id, ''), lighting_bucket(x.brightness), x.level, decision_time_bin(x.time_to_decide_ms), sign * count(*)
  FROM unnest(changed) x WHERE x.time_to_decide_ms IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
  ON CONFLICT (day, station_id, model_version_id, model_role, inspector_id, lighting, level, time_bin)
  DO UPDATE SET units = evidence_decision_times_daily.units + EXCLUDED.units;

  -- Independent units only, by the reference the gates compare with (lib/automation/evidence.ts: INDEPENDENT_EVIDENCE, EVIDENCE_REFERENCE).
  INSERT INTO evidence_counts (station_id, model_version_id, day, level, reference, model_label, confident, units)
  SELECT x.station_id, x.model_version_id, ((x.decided_at AT TIME ZONE 'UTC')::date), x.level,
         CASE WHEN x.suggestion_shown THEN x.truth ELSE x.human_label END, x.model_label,
         model_decides('PARTIAL', x.defect_score, a.ok_threshold, a.defect_threshold), sign * count(*)
  FROM unnest(changed) x JOIN station_automation a ON a.station_id = x.station_id
  WHERE NOT x.suggestion_shown OR x.truth IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT (station_id, model_version_id, day, level, reference, model_label, confident)
  DO UPDATE SET units = evidence_counts.units + EXCLUDED.units;
$$;

DROP TRIGGER "comparisons_roll_up_insert" ON "comparisons";
DROP TRIGGER "comparisons_roll_up_delete" ON "comparisons";
DROP TRIGGER "comparisons_roll_up_update" ON "comparisons";
DROP FUNCTION "comparisons_roll_up_insert"();
DROP FUNCTION "comparisons_roll_up_delete"();
DROP FUNCTION "comparisons_roll_up_update"();

CREATE FUNCTION "comparisons_roll_up"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM roll_up_comparisons((SELECT array_agg(ROW(x.*)::comparisons) FROM old_rows x), -1);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM roll_up_comparisons((SELECT array_agg(ROW(x.*)::comparisons) FROM new_rows x), 1);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "comparisons_roll_up_insert" AFTER INSERT ON "comparisons"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "comparisons_roll_up"();
CREATE TRIGGER "comparisons_roll_up_delete" AFTER DELETE ON "comparisons"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "comparisons_roll_up"();
CREATE TRIGGER "comparisons_roll_up_update" AFTER UPDATE ON "comparisons"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "comparisons_roll_up"();

-- As before: the rollups run even where a bulk load replicates (seed-history).
ALTER TABLE "comparisons" ENABLE ALWAYS TRIGGER "comparisons_roll_up_insert";
ALTER TABLE "comparisons" ENABLE ALWAYS TRIGGER "comparisons_roll_up_delete";
ALTER TABLE "comparisons" ENABLE ALWAYS TRIGGER "comparisons_roll_up_update";

-- A station's evidence counted afresh: when its thresholds change, which
-- units the model would decide alone changes with them.
CREATE FUNCTION recount_station_evidence(station uuid) RETURNS void LANGUAGE sql AS $$
  DELETE FROM evidence_counts WHERE station_id = station;
  INSERT INTO evidence_counts (station_id, model_version_id, day, level, reference, model_label, confident, units)
  SELECT x.station_id, x.model_version_id, ((x.decided_at AT TIME ZONE 'UTC')::date), x.level,
         CASE WHEN x.suggestion_shown THEN x.truth ELSE x.human_label END, x.model_label,
         model_decides('PARTIAL', x.defect_score, a.ok_threshold, a.defect_threshold), count(*)
  FROM comparisons x JOIN station_automation a ON a.station_id = x.station_id
  WHERE x.station_id = station AND (NOT x.suggestion_shown OR x.truth IS NOT NULL)
  GROUP BY 1, 2, 3, 4, 5, 6, 7;
$$;

CREATE FUNCTION "station_thresholds_recount"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM recount_station_evidence(NEW.station_id);
  RETURN NULL;
END $$;

CREATE TRIGGER "station_thresholds_recount" AFTER UPDATE OF ok_threshold, defect_threshold ON "station_automation"
  FOR EACH ROW WHEN (OLD.ok_threshold IS DISTINCT FROM NEW.ok_threshold OR OLD.defect_threshold IS DISTINCT FROM NEW.defect_threshold)
  EXECUTE FUNCTION "station_thresholds_recount"();
ALTER TABLE "station_automation" ENABLE ALWAYS TRIGGER "station_thresholds_recount";

-- What was compared before this migration.
SELECT recount_station_evidence(station_id) FROM station_automation;
