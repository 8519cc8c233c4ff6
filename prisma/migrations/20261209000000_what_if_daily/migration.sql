-- The station what-if at scale. Replaying a proposal read every compared
-- unit of the active model since the chosen day (lib/automation/what-if.ts):
-- 1.4 s at a million units of one station (bench/results/dashboard-10m.md).
-- `what_if_daily` counts the independent units per UTC day by reference
-- label, model label and P(defect) bin (score_bin, 0.005 wide), with their
-- times to decide. A replay reads it for whole days and for every bin wholly
-- on one side of a threshold, and `comparisons` only for the part-day it
-- begins in and the (at most two) bins a threshold falls in, through
-- `comparisons_what_if_idx`: exact at any threshold, at a cost that does not
-- grow with history.
CREATE TABLE "what_if_daily" (
    "station_id" UUID NOT NULL,
    "model_version_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "reference" TEXT NOT NULL,
    "model_label" TEXT NOT NULL,
    "score_bin" SMALLINT NOT NULL,
    "units" INTEGER NOT NULL,
    "timed_units" INTEGER NOT NULL,
    "time_to_decide_ms_sum" BIGINT NOT NULL,

    CONSTRAINT "what_if_daily_pkey" PRIMARY KEY ("station_id", "model_version_id", "day", "reference", "model_label", "score_bin")
);

-- Led by the bin, so that no query without a bin (the day a review's or an
-- audit's evidence began, by station and time) takes it for theirs.
CREATE INDEX "comparisons_what_if_idx" ON "comparisons"(score_bin("defect_score"), "station_id", "model_version_id", "decided_at");

-- The rollup function gains the new table; the triggers that call it stay.
CREATE OR REPLACE FUNCTION roll_up_comparisons(changed comparisons[], sign integer) RETURNS void LANGUAGE sql AS $$
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

  -- Automation bias at AI assistance (lib/metrics/automation-bias.ts): agreement with and without the suggestion, and answers taken back.
  INSERT INTO automation_bias_daily (day, station_id, model_version_id, model_role, inspector_id, suggestion_shown, agrees, revised, toward, units)
  SELECT ((x.decided_at AT TIME ZONE 'UTC')::date), x.station_id, x.model_version_id, x.model_role, COALESCE(x.inspector_id, ''), x.suggestion_shown,
         x.human_label = x.model_label, x.revised_from IS NOT NULL,
         x.revised_from IS NOT NULL AND x.revised_from <> x.model_label AND x.human_label = x.model_label, sign * count(*)
  FROM unnest(changed) x WHERE x.level = 'AI_ASSIST' GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
  ON CONFLICT (day, station_id, model_version_id, model_role, inspector_id, suggestion_shown, agrees, revised, toward)
  DO UPDATE SET units = automation_bias_daily.units + EXCLUDED.units;

  -- The what-if's replay (lib/automation/what-if.ts): independent units by reference, model label and P(defect) bin, with their times to decide.
  INSERT INTO what_if_daily (station_id, model_version_id, day, reference, model_label, score_bin, units, timed_units, time_to_decide_ms_sum)
  SELECT x.station_id, x.model_version_id, ((x.decided_at AT TIME ZONE 'UTC')::date), CASE WHEN x.suggestion_shown THEN x.truth ELSE x.human_label END,
         x.model_label, score_bin(x.defect_score), sign * count(*), sign * count(x.time_to_decide_ms), sign * coalesce(sum(x.time_to_decide_ms), 0)
  FROM unnest(changed) x WHERE NOT x.suggestion_shown OR x.truth IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6
  ON CONFLICT (station_id, model_version_id, day, reference, model_label, score_bin)
  DO UPDATE SET units = what_if_daily.units + EXCLUDED.units, timed_units = what_if_daily.timed_units + EXCLUDED.timed_units,
                time_to_decide_ms_sum = what_if_daily.time_to_decide_ms_sum + EXCLUDED.time_to_decide_ms_sum;
$$;

-- What was compared before this migration.
INSERT INTO what_if_daily (station_id, model_version_id, day, reference, model_label, score_bin, units, timed_units, time_to_decide_ms_sum)
SELECT x.station_id, x.model_version_id, ((x.decided_at AT TIME ZONE 'UTC')::date), CASE WHEN x.suggestion_shown THEN x.truth ELSE x.human_label END,
       x.model_label, score_bin(x.defect_score), count(*), count(x.time_to_decide_ms), coalesce(sum(x.time_to_decide_ms), 0)
FROM comparisons x WHERE NOT x.suggestion_shown OR x.truth IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6;
