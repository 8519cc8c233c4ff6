-- Automation bias per UTC day. The dashboard's automation-bias panel read
-- every unit judged at AI assistance in its range, joined with its verdict
-- for the answer taken back (lib/metrics/automation-bias.ts): a scan that
-- grows with history, seconds at 10M units. `automation_bias_daily` counts
-- those units by inspector, whether the suggestion was shown, whether the
-- inspector agreed with the model, and whether (and toward the model) they
-- took an answer back; the panel reads it for whole days and `comparisons`
-- only for the part-days at the ends of its range.

-- The answer taken back travels with the comparison, as the rest of the
-- verdict does, so the rollup reads only the comparison rows.
ALTER TABLE "comparisons" ADD COLUMN "revised_from" TEXT;

CREATE OR REPLACE FUNCTION "comparisons_for_new_verdicts"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF COALESCE(current_setting('understudy.bulk_load', true), '') <> 'on' THEN
    PERFORM 1 FROM captures WHERE id IN (SELECT capture_id FROM new_verdicts WHERE source <> 'MODEL') ORDER BY id FOR NO KEY UPDATE;
  END IF;
  INSERT INTO comparisons (prediction_id, verdict_id, capture_id, station_id, model_version_id, model_role, inspector_id, level,
                           decided_at, human_label, model_label, truth, defect_score, confidence, brightness, time_to_decide_ms, suggestion_shown, revised_from)
  SELECT p.id, v.id, v.capture_id, v.station_id, p.model_version_id, p.model_role, v.inspector_id, v.level,
         v.decided_at, v.label, p.decision, a.truth, p.defect_score, p.confidence, p.brightness, v.time_to_decide_ms, v.suggestion_shown, v.revised_from
    FROM new_verdicts v
    JOIN predictions p ON p.capture_id = v.capture_id
    LEFT JOIN LATERAL (SELECT x.truth FROM adjudications x WHERE x.capture_id = v.capture_id ORDER BY x.created_at DESC, x.id DESC LIMIT 1) a ON true
   WHERE v.source <> 'MODEL'
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION "comparisons_for_new_predictions"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF COALESCE(current_setting('understudy.bulk_load', true), '') <> 'on' THEN
    PERFORM 1 FROM captures WHERE id IN (SELECT capture_id FROM new_predictions) ORDER BY id FOR NO KEY UPDATE;
  END IF;
  INSERT INTO comparisons (prediction_id, verdict_id, capture_id, station_id, model_version_id, model_role, inspector_id, level,
                           decided_at, human_label, model_label, truth, defect_score, confidence, brightness, time_to_decide_ms, suggestion_shown, revised_from)
  SELECT p.id, v.id, v.capture_id, v.station_id, p.model_version_id, p.model_role, v.inspector_id, v.level,
         v.decided_at, v.label, p.decision, a.truth, p.defect_score, p.confidence, p.brightness, v.time_to_decide_ms, v.suggestion_shown, v.revised_from
    FROM new_predictions p
    JOIN verdicts v ON v.capture_id = p.capture_id AND v.source <> 'MODEL'
    LEFT JOIN LATERAL (SELECT x.truth FROM adjudications x WHERE x.capture_id = p.capture_id ORDER BY x.created_at DESC, x.id DESC LIMIT 1) a ON true
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

CREATE TABLE "automation_bias_daily" (
    "day" DATE NOT NULL,
    "station_id" UUID NOT NULL,
    "model_version_id" UUID NOT NULL,
    "model_role" "ModelRole" NOT NULL,
    "inspector_id" TEXT NOT NULL,
    "suggestion_shown" BOOLEAN NOT NULL,
    "agrees" BOOLEAN NOT NULL,
    "revised" BOOLEAN NOT NULL,
    "toward" BOOLEAN NOT NULL,
    "units" INTEGER NOT NULL,

    CONSTRAINT "automation_bias_daily_pkey" PRIMARY KEY ("day", "station_id", "model_version_id", "model_role", "inspector_id", "suggestion_shown", "agrees", "revised", "toward")
);

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
$$;

-- What was compared before this migration: the answers taken back (without
-- the rollup triggers, whose other tables do not change), then the counts.
ALTER TABLE "comparisons" DISABLE TRIGGER "comparisons_roll_up_update";
UPDATE comparisons c SET revised_from = v.revised_from FROM verdicts v WHERE v.id = c.verdict_id AND v.revised_from IS NOT NULL;
ALTER TABLE "comparisons" ENABLE ALWAYS TRIGGER "comparisons_roll_up_update";

INSERT INTO automation_bias_daily (day, station_id, model_version_id, model_role, inspector_id, suggestion_shown, agrees, revised, toward, units)
SELECT ((x.decided_at AT TIME ZONE 'UTC')::date), x.station_id, x.model_version_id, x.model_role, COALESCE(x.inspector_id, ''), x.suggestion_shown,
       x.human_label = x.model_label, x.revised_from IS NOT NULL,
       x.revised_from IS NOT NULL AND x.revised_from <> x.model_label AND x.human_label = x.model_label, count(*)
FROM comparisons x WHERE x.level = 'AI_ASSIST' GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
