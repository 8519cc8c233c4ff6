-- Adjudications are versioned: a second opinion adds a row (who, when, note)
-- instead of replacing the first; a unit's truth is its newest adjudication.
DROP INDEX "adjudications_capture_id_key";

-- CreateIndex
CREATE INDEX "adjudications_capture_id_created_at_idx" ON "adjudications"("capture_id", "created_at");

-- An opinion, once given, stays as it was given.
CREATE FUNCTION "adjudications_refuse_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'adjudications are versioned: add a new one instead of changing one';
END $$;
CREATE TRIGGER "adjudications_no_update" BEFORE UPDATE ON "adjudications" FOR EACH ROW EXECUTE FUNCTION "adjudications_refuse_update"();
ALTER TABLE "adjudications" ENABLE ALWAYS TRIGGER "adjudications_no_update";

-- The truth of a unit follows its newest adjudication (and is cleared when none is left).
CREATE OR REPLACE FUNCTION "comparisons_follow_adjudication"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  unit uuid;
BEGIN
  IF TG_OP = 'DELETE' THEN unit := OLD.capture_id; ELSE unit := NEW.capture_id; END IF;
  UPDATE comparisons
     SET truth = (SELECT a.truth FROM adjudications a WHERE a.capture_id = unit ORDER BY a.created_at DESC, a.id DESC LIMIT 1)
   WHERE capture_id = unit;
  RETURN NULL;
END $$;

-- New comparisons take the newest adjudication of their unit, one row per pair.
CREATE OR REPLACE FUNCTION "comparisons_for_new_verdicts"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF COALESCE(current_setting('understudy.bulk_load', true), '') <> 'on' THEN
    PERFORM 1 FROM captures WHERE id IN (SELECT capture_id FROM new_verdicts WHERE source <> 'MODEL') ORDER BY id FOR NO KEY UPDATE;
  END IF;
  INSERT INTO comparisons (prediction_id, verdict_id, capture_id, station_id, model_version_id, model_role, inspector_id, level,
                           decided_at, human_label, model_label, truth, defect_score, confidence, brightness, time_to_decide_ms, suggestion_shown)
  SELECT p.id, v.id, v.capture_id, v.station_id, p.model_version_id, p.model_role, v.inspector_id, v.level,
         v.decided_at, v.label, p.decision, a.truth, p.defect_score, p.confidence, p.brightness, v.time_to_decide_ms, v.suggestion_shown
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
                           decided_at, human_label, model_label, truth, defect_score, confidence, brightness, time_to_decide_ms, suggestion_shown)
  SELECT p.id, v.id, v.capture_id, v.station_id, p.model_version_id, p.model_role, v.inspector_id, v.level,
         v.decided_at, v.label, p.decision, a.truth, p.defect_score, p.confidence, p.brightness, v.time_to_decide_ms, v.suggestion_shown
    FROM new_predictions p
    JOIN verdicts v ON v.capture_id = p.capture_id AND v.source <> 'MODEL'
    LEFT JOIN LATERAL (SELECT x.truth FROM adjudications x WHERE x.capture_id = p.capture_id ORDER BY x.created_at DESC, x.id DESC LIMIT 1) a ON true
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
