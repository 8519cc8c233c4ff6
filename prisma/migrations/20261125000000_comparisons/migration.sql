-- Comparisons: one human verdict beside one model prediction on the same unit,
-- the evidence every agreement number is computed from. Kept here, by
-- triggers, so every writer (the API, imports, the history seed) keeps it
-- right, and the dashboard aggregates one narrow indexed table.

-- CreateTable
CREATE TABLE "comparisons" (
    "prediction_id" UUID NOT NULL,
    "verdict_id" UUID NOT NULL,
    "capture_id" UUID NOT NULL,
    "station_id" UUID NOT NULL,
    "model_version_id" UUID NOT NULL,
    "model_role" "ModelRole" NOT NULL,
    "inspector_id" TEXT,
    "level" "AutomationLevel" NOT NULL,
    "decided_at" TIMESTAMPTZ(3) NOT NULL,
    "human_label" TEXT NOT NULL,
    "model_label" TEXT NOT NULL,
    "truth" TEXT,
    "defect_score" DOUBLE PRECISION NOT NULL,
    "confidence" DOUBLE PRECISION NOT NULL,
    "brightness" DOUBLE PRECISION NOT NULL,
    "time_to_decide_ms" INTEGER,
    "suggestion_shown" BOOLEAN NOT NULL,

    CONSTRAINT "comparisons_pkey" PRIMARY KEY ("prediction_id","verdict_id")
);

-- CreateIndex
CREATE INDEX "comparisons_decided_at_idx" ON "comparisons"("decided_at");

-- CreateIndex
CREATE INDEX "comparisons_station_id_decided_at_idx" ON "comparisons"("station_id", "decided_at");

-- CreateIndex
CREATE INDEX "comparisons_capture_id_idx" ON "comparisons"("capture_id");

-- CreateIndex
CREATE INDEX "comparisons_verdict_id_idx" ON "comparisons"("verdict_id");

-- AddForeignKey
ALTER TABLE "comparisons" ADD CONSTRAINT "comparisons_prediction_id_fkey" FOREIGN KEY ("prediction_id") REFERENCES "predictions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "comparisons" ADD CONSTRAINT "comparisons_verdict_id_fkey" FOREIGN KEY ("verdict_id") REFERENCES "verdicts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A prediction and a verdict of one unit may be written at the same moment by
-- two transactions that cannot see each other's row. Each trigger first locks
-- its units' capture rows, so whichever comes second waits for the first to
-- commit and then sees its row: the pair is never missed. A bulk load of
-- rows no one else can see yet (the history seed, in one transaction) sets
-- understudy.bulk_load and skips the locks.
CREATE FUNCTION "comparisons_for_new_verdicts"() RETURNS trigger LANGUAGE plpgsql AS $$
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
    LEFT JOIN adjudications a ON a.capture_id = v.capture_id
   WHERE v.source <> 'MODEL'
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

CREATE TRIGGER "verdicts_make_comparisons" AFTER INSERT ON "verdicts"
  REFERENCING NEW TABLE AS new_verdicts FOR EACH STATEMENT EXECUTE FUNCTION "comparisons_for_new_verdicts"();

CREATE FUNCTION "comparisons_for_new_predictions"() RETURNS trigger LANGUAGE plpgsql AS $$
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
    LEFT JOIN adjudications a ON a.capture_id = p.capture_id
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

CREATE TRIGGER "predictions_make_comparisons" AFTER INSERT ON "predictions"
  REFERENCING NEW TABLE AS new_predictions FOR EACH STATEMENT EXECUTE FUNCTION "comparisons_for_new_predictions"();

-- A verdict's label or time may be corrected; the comparison follows.
CREATE FUNCTION "comparisons_follow_verdict"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE comparisons SET human_label = NEW.label, decided_at = NEW.decided_at, level = NEW.level
   WHERE verdict_id = NEW.id;
  RETURN NULL;
END $$;

CREATE TRIGGER "verdicts_update_comparisons" AFTER UPDATE OF label, decided_at, level ON "verdicts"
  FOR EACH ROW EXECUTE FUNCTION "comparisons_follow_verdict"();

-- Adjudication settles the truth of a unit for all of its comparisons.
CREATE FUNCTION "comparisons_follow_adjudication"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    UPDATE comparisons SET truth = NULL WHERE capture_id = OLD.capture_id;
  ELSE
    UPDATE comparisons SET truth = NEW.truth WHERE capture_id = NEW.capture_id;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "adjudications_settle_comparisons" AFTER INSERT OR UPDATE OF truth OR DELETE ON "adjudications"
  FOR EACH ROW EXECUTE FUNCTION "comparisons_follow_adjudication"();

-- Daily rollups of comparisons, so the dashboard reads a few hundred thousand
-- rows at most whatever the number of units. Kept by statement triggers on
-- comparisons: insert adds, delete subtracts, update (an adjudication, a
-- corrected verdict) subtracts the old rows and adds the new ones.

-- CreateTable
CREATE TABLE "evidence_daily" (
    "day" DATE NOT NULL,
    "station_id" UUID NOT NULL,
    "model_version_id" UUID NOT NULL,
    "model_role" "ModelRole" NOT NULL,
    "inspector_id" TEXT NOT NULL,
    "lighting" TEXT NOT NULL,
    "level" "AutomationLevel" NOT NULL,
    "human_label" TEXT NOT NULL,
    "model_label" TEXT NOT NULL,
    "truth" TEXT NOT NULL,
    "confidence_bin" SMALLINT NOT NULL,
    "units" INTEGER NOT NULL,
    "confidence_sum" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "evidence_daily_pkey" PRIMARY KEY ("day","station_id","model_version_id","model_role","inspector_id","lighting","level","human_label","model_label","truth","confidence_bin")
);

-- CreateTable
CREATE TABLE "evidence_scores_daily" (
    "day" DATE NOT NULL,
    "station_id" UUID NOT NULL,
    "model_version_id" UUID NOT NULL,
    "model_role" "ModelRole" NOT NULL,
    "inspector_id" TEXT NOT NULL,
    "lighting" TEXT NOT NULL,
    "level" "AutomationLevel" NOT NULL,
    "human_says_defect" BOOLEAN NOT NULL,
    "score_bin" SMALLINT NOT NULL,
    "units" INTEGER NOT NULL,

    CONSTRAINT "evidence_scores_daily_pkey" PRIMARY KEY ("day","station_id","model_version_id","model_role","inspector_id","lighting","level","human_says_defect","score_bin")
);

-- CreateTable
CREATE TABLE "evidence_decision_times_daily" (
    "day" DATE NOT NULL,
    "station_id" UUID NOT NULL,
    "model_version_id" UUID NOT NULL,
    "model_role" "ModelRole" NOT NULL,
    "inspector_id" TEXT NOT NULL,
    "lighting" TEXT NOT NULL,
    "level" "AutomationLevel" NOT NULL,
    "time_bin" SMALLINT NOT NULL,
    "units" INTEGER NOT NULL,

    CONSTRAINT "evidence_decision_times_daily_pkey" PRIMARY KEY ("day","station_id","model_version_id","model_role","inspector_id","lighting","level","time_bin")
);

-- The bins, defined once for SQL; lib/metrics/bins.ts mirrors them and
-- lib/metrics/bins.int.test.ts proves the two agree. 'ok' is the OK label
-- (lib/stations/taxonomy.ts).
CREATE FUNCTION lighting_bucket(brightness float8) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE WHEN brightness < 0.2 THEN 'dark' WHEN brightness < 0.5 THEN 'medium' ELSE 'bright' END;
CREATE FUNCTION confidence_bin(confidence float8) RETURNS smallint LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN LEAST(19, GREATEST(0, floor(confidence * 20)))::smallint;
CREATE FUNCTION score_bin(defect_score float8) RETURNS smallint LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN LEAST(199, GREATEST(0, floor(defect_score * 200)))::smallint;
-- Bin k holds times in [100 * 1.1^k, 100 * 1.1^(k+1)) ms; bin 0 also everything faster.
CREATE FUNCTION decision_time_bin(ms integer) RETURNS smallint LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN LEAST(99, floor(ln(GREATEST(ms, 100) / 100.0) / ln(1.1)))::smallint;

CREATE FUNCTION "comparisons_roll_up_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO evidence_daily (day, station_id, model_version_id, model_role, inspector_id, lighting, level, human_label, model_label, truth, confidence_bin, units, confidence_sum)
  SELECT ((x.decided_at AT TIME ZONE 'UTC')::date), x.station_id, x.model_version_id, x.model_role, COALESCE(x.inspector_id, ''), lighting_bucket(x.brightness), x.level, x.human_label, x.model_label, COALESCE(x.truth, ''), confidence_bin(x.confidence), count(*), sum(x.confidence) FROM new_rows x GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
  ON CONFLICT (day, station_id, model_version_id, model_role, inspector_id, lighting, level, human_label, model_label, truth, confidence_bin) DO UPDATE SET units = evidence_daily.units + EXCLUDED.units, confidence_sum = evidence_daily.confidence_sum + EXCLUDED.confidence_sum;
  INSERT INTO evidence_scores_daily (day, station_id, model_version_id, model_role, inspector_id, lighting, level, human_says_defect, score_bin, units)
  SELECT ((x.decided_at AT TIME ZONE 'UTC')::date), x.station_id, x.model_version_id, x.model_role, COALESCE(x.inspector_id, ''), lighting_bucket(x.brightness), x.level, (x.human_label <> 'ok'), score_bin(x.defect_score), count(*) FROM new_rows x GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
  ON CONFLICT (day, station_id, model_version_id, model_role, inspector_id, lighting, level, human_says_defect, score_bin) DO UPDATE SET units = evidence_scores_daily.units + EXCLUDED.units;
  INSERT INTO evidence_decision_times_daily (day, station_id, model_version_id, model_role, inspector_id, lighting, level, time_bin, units)
  SELECT ((x.decided_at AT TIME ZONE 'UTC')::date), x.station_id, x.model_version_id, x.model_role, COALESCE(x.inspector_id, ''), lighting_bucket(x.brightness), x.level, decision_time_bin(x.time_to_decide_ms), count(*) FROM new_rows x WHERE x.time_to_decide_ms IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
  ON CONFLICT (day, station_id, model_version_id, model_role, inspector_id, lighting, level, time_bin) DO UPDATE SET units = evidence_decision_times_daily.units + EXCLUDED.units;
  RETURN NULL;
END $$;

CREATE TRIGGER "comparisons_roll_up_insert" AFTER INSERT ON "comparisons"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "comparisons_roll_up_insert"();

CREATE FUNCTION "comparisons_roll_up_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO evidence_daily (day, station_id, model_version_id, model_role, inspector_id, lighting, level, human_label, model_label, truth, confidence_bin, units, confidence_sum)
  SELECT ((x.decided_at AT TIME ZONE 'UTC')::date), x.station_id, x.model_version_id, x.model_role, COALESCE(x.inspector_id, ''), lighting_bucket(x.brightness), x.level, x.human_label, x.model_label, COALESCE(x.truth, ''), confidence_bin(x.confidence), -1 * count(*), -1 * sum(x.confidence) FROM old_rows x GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
  ON CONFLICT (day, station_id, model_version_id, model_role, inspector_id, lighting, level, human_label, model_label, truth, confidence_bin) DO UPDATE SET units = evidence_daily.units + EXCLUDED.units, confidence_sum = evidence_daily.confidence_sum + EXCLUDED.confidence_sum;
  INSERT INTO evidence_scores_daily (day, station_id, model_version_id, model_role, inspector_id, lighting, level, human_says_defect, score_bin, units)
  SELECT ((x.decided_at AT TIME ZONE 'UTC')::date), x.station_id, x.model_version_id, x.model_role, COALESCE(x.inspector_id, ''), lighting_bucket(x.brightness), x.level, (x.human_label <> 'ok'), score_bin(x.defect_score), -1 * count(*) FROM old_rows x GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
  ON CONFLICT (day, station_id, model_version_id, model_role, inspector_id, lighting, level, human_says_defect, score_bin) DO UPDATE SET units = evidence_scores_daily.units + EXCLUDED.units;
  INSERT INTO evidence_decision_times_daily (day, station_id, model_version_id, model_role, inspector_id, lighting, level, time_bin, units)
  SELECT ((x.decided_at AT TIME ZONE 'UTC')::date), x.station_id, x.model_version_id, x.model_role, COALESCE(x.inspector_id, ''), lighting_bucket(x.brightness), x.level, decision_time_bin(x.time_to_decide_ms), -1 * count(*) FROM old_rows x WHERE x.time_to_decide_ms IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
  ON CONFLICT (day, station_id, model_version_id, model_role, inspector_id, lighting, level, time_bin) DO UPDATE SET units = evidence_decision_times_daily.units + EXCLUDED.units;
  RETURN NULL;
END $$;

CREATE TRIGGER "comparisons_roll_up_delete" AFTER DELETE ON "comparisons"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "comparisons_roll_up_delete"();

CREATE FUNCTION "comparisons_roll_up_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO evidence_daily (day, station_id, model_version_id, model_role, inspector_id, lighting, level, human_label, model_label, truth, confidence_bin, units, confidence_sum)
  SELECT day, station_id, model_version_id, model_role, inspector_id, lighting, level, human_label, model_label, truth, confidence_bin, sum(units), sum(confidence_sum) FROM ((SELECT ((x.decided_at AT TIME ZONE 'UTC')::date), x.station_id, x.model_version_id, x.model_role, COALESCE(x.inspector_id, ''), lighting_bucket(x.brightness), x.level, x.human_label, x.model_label, COALESCE(x.truth, ''), confidence_bin(x.confidence), -1 * count(*), -1 * sum(x.confidence) FROM old_rows x GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11) UNION ALL (SELECT ((x.decided_at AT TIME ZONE 'UTC')::date), x.station_id, x.model_version_id, x.model_role, COALESCE(x.inspector_id, ''), lighting_bucket(x.brightness), x.level, x.human_label, x.model_label, COALESCE(x.truth, ''), confidence_bin(x.confidence), count(*), sum(x.confidence) FROM new_rows x GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)) AS delta(day, station_id, model_version_id, model_role, inspector_id, lighting, level, human_label, model_label, truth, confidence_bin, units, confidence_sum) GROUP BY day, station_id, model_version_id, model_role, inspector_id, lighting, level, human_label, model_label, truth, confidence_bin
  ON CONFLICT (day, station_id, model_version_id, model_role, inspector_id, lighting, level, human_label, model_label, truth, confidence_bin) DO UPDATE SET units = evidence_daily.units + EXCLUDED.units, confidence_sum = evidence_daily.confidence_sum + EXCLUDED.confidence_sum;
  INSERT INTO evidence_scores_daily (day, station_id, model_version_id, model_role, inspector_id, lighting, level, human_says_defect, score_bin, units)
  SELECT day, station_id, model_version_id, model_role, inspector_id, lighting, level, human_says_defect, score_bin, sum(units) FROM ((SELECT ((x.decided_at AT TIME ZONE 'UTC')::date), x.station_id, x.model_version_id, x.model_role, COALESCE(x.inspector_id, ''), lighting_bucket(x.brightness), x.level, (x.human_label <> 'ok'), score_bin(x.defect_score), -1 * count(*) FROM old_rows x GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9) UNION ALL (SELECT ((x.decided_at AT TIME ZONE 'UTC')::date), x.station_id, x.model_version_id, x.model_role, COALESCE(x.inspector_id, ''), lighting_bucket(x.brightness), x.level, (x.human_label <> 'ok'), score_bin(x.defect_score), count(*) FROM new_rows x GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9)) AS delta(day, station_id, model_version_id, model_role, inspector_id, lighting, level, human_says_defect, score_bin, units) GROUP BY day, station_id, model_version_id, model_role, inspector_id, lighting, level, human_says_defect, score_bin
  ON CONFLICT (day, station_id, model_version_id, model_role, inspector_id, lighting, level, human_says_defect, score_bin) DO UPDATE SET units = evidence_scores_daily.units + EXCLUDED.units;
  INSERT INTO evidence_decision_times_daily (day, station_id, model_version_id, model_role, inspector_id, lighting, level, time_bin, units)
  SELECT day, station_id, model_version_id, model_role, inspector_id, lighting, level, time_bin, sum(units) FROM ((SELECT ((x.decided_at AT TIME ZONE 'UTC')::date), x.station_id, x.model_version_id, x.model_role, COALESCE(x.inspector_id, ''), lighting_bucket(x.brightness), x.level, decision_time_bin(x.time_to_decide_ms), -1 * count(*) FROM old_rows x WHERE x.time_to_decide_ms IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7, 8) UNION ALL (SELECT ((x.decided_at AT TIME ZONE 'UTC')::date), x.station_id, x.model_version_id, x.model_role, COALESCE(x.inspector_id, ''), lighting_bucket(x.brightness), x.level, decision_time_bin(x.time_to_decide_ms), count(*) FROM new_rows x WHERE x.time_to_decide_ms IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7, 8)) AS delta(day, station_id, model_version_id, model_role, inspector_id, lighting, level, time_bin, units) GROUP BY day, station_id, model_version_id, model_role, inspector_id, lighting, level, time_bin
  ON CONFLICT (day, station_id, model_version_id, model_role, inspector_id, lighting, level, time_bin) DO UPDATE SET units = evidence_decision_times_daily.units + EXCLUDED.units;
  RETURN NULL;
END $$;

CREATE TRIGGER "comparisons_roll_up_update" AFTER UPDATE ON "comparisons"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "comparisons_roll_up_update"();

-- What was recorded before this migration.
INSERT INTO comparisons (prediction_id, verdict_id, capture_id, station_id, model_version_id, model_role, inspector_id, level,
                         decided_at, human_label, model_label, truth, defect_score, confidence, brightness, time_to_decide_ms, suggestion_shown)
SELECT p.id, v.id, v.capture_id, v.station_id, p.model_version_id, p.model_role, v.inspector_id, v.level,
       v.decided_at, v.label, p.decision, a.truth, p.defect_score, p.confidence, p.brightness, v.time_to_decide_ms, v.suggestion_shown
  FROM verdicts v
  JOIN predictions p ON p.capture_id = v.capture_id
  LEFT JOIN adjudications a ON a.capture_id = v.capture_id
 WHERE v.source <> 'MODEL';

-- These triggers keep derived evidence right, and the audit trail append-only:
-- they fire even under session_replication_role = replica, which only the
-- history seed uses, to skip foreign-key checks on rows it builds consistent.
ALTER TABLE "verdicts" ENABLE ALWAYS TRIGGER "verdicts_make_comparisons";
ALTER TABLE "predictions" ENABLE ALWAYS TRIGGER "predictions_make_comparisons";
ALTER TABLE "verdicts" ENABLE ALWAYS TRIGGER "verdicts_update_comparisons";
ALTER TABLE "adjudications" ENABLE ALWAYS TRIGGER "adjudications_settle_comparisons";
ALTER TABLE "comparisons" ENABLE ALWAYS TRIGGER "comparisons_roll_up_insert";
ALTER TABLE "comparisons" ENABLE ALWAYS TRIGGER "comparisons_roll_up_delete";
ALTER TABLE "comparisons" ENABLE ALWAYS TRIGGER "comparisons_roll_up_update";
ALTER TABLE "audit_events" ENABLE ALWAYS TRIGGER "audit_events_append_only";
ALTER TABLE "audit_events" ENABLE ALWAYS TRIGGER "audit_events_no_truncate";
