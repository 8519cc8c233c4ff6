-- Understudy's first schema: accounts, stations and their taxonomy, captures,
-- model versions, predictions, verdicts, adjudications, automation state,
-- promotion requests and the append-only audit trail.
-- CreateEnum
CREATE TYPE "Role" AS ENUM ('INSPECTOR', 'ENGINEER', 'MANAGER', 'ADMIN');

-- CreateEnum
CREATE TYPE "AutomationLevel" AS ENUM ('HUMAN_ONLY', 'SHADOW', 'AI_ASSIST', 'PARTIAL', 'FULL');

-- CreateEnum
CREATE TYPE "CaptureSource" AS ENUM ('CAMERA', 'SYNTHETIC', 'IMPORT');

-- CreateEnum
CREATE TYPE "VerdictSource" AS ENUM ('INSPECTOR', 'IMPORT', 'MODEL');

-- CreateEnum
CREATE TYPE "ModelRole" AS ENUM ('ACTIVE', 'CANDIDATE');

-- CreateEnum
CREATE TYPE "PromotionStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "ActorKind" AS ENUM ('USER', 'SYSTEM');

-- CreateTable
CREATE TABLE "users" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "email_verified" BOOLEAN NOT NULL DEFAULT false,
    "image" TEXT,
    "role" "Role" NOT NULL DEFAULT 'INSPECTOR',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sessions" (
    "id" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "ip_address" TEXT,
    "user_agent" TEXT,
    "user_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "accounts" (
    "id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "provider_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "access_token" TEXT,
    "refresh_token" TEXT,
    "id_token" TEXT,
    "access_token_expires_at" TIMESTAMPTZ(3),
    "refresh_token_expires_at" TIMESTAMPTZ(3),
    "scope" TEXT,
    "password" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "verifications" (
    "id" TEXT NOT NULL,
    "identifier" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "verifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stations" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "defect_classes" (
    "id" UUID NOT NULL,
    "station_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "defect_classes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "captures" (
    "id" UUID NOT NULL,
    "station_id" UUID NOT NULL,
    "external_id" TEXT,
    "source" "CaptureSource" NOT NULL DEFAULT 'CAMERA',
    "captured_at" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "storage_key" TEXT NOT NULL,
    "content_hash" TEXT NOT NULL,
    "mime_type" TEXT NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "gold_label" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "lease_user_id" TEXT,
    "lease_expires_at" TIMESTAMPTZ(3),

    CONSTRAINT "captures_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "model_versions" (
    "id" UUID NOT NULL,
    "version" TEXT NOT NULL,
    "classes" JSONB NOT NULL,
    "input_size" INTEGER NOT NULL,
    "thresholds" JSONB NOT NULL,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "artifact_path" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "model_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "predictions" (
    "id" UUID NOT NULL,
    "capture_id" UUID NOT NULL,
    "model_version_id" UUID NOT NULL,
    "station_id" UUID NOT NULL,
    "model_role" "ModelRole" NOT NULL,
    "level" "AutomationLevel" NOT NULL,
    "scores" JSONB NOT NULL,
    "decision" TEXT NOT NULL,
    "confidence" DOUBLE PRECISION NOT NULL,
    "defect_score" DOUBLE PRECISION NOT NULL,
    "latency_ms" DOUBLE PRECISION NOT NULL,
    "backend" TEXT NOT NULL,
    "heatmap" JSONB,
    "brightness" DOUBLE PRECISION NOT NULL,
    "contrast" DOUBLE PRECISION NOT NULL,
    "sharpness" DOUBLE PRECISION NOT NULL,
    "mean_red" DOUBLE PRECISION NOT NULL,
    "mean_green" DOUBLE PRECISION NOT NULL,
    "mean_blue" DOUBLE PRECISION NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "predictions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "verdicts" (
    "id" UUID NOT NULL,
    "capture_id" UUID NOT NULL,
    "station_id" UUID NOT NULL,
    "inspector_id" TEXT,
    "source" "VerdictSource" NOT NULL DEFAULT 'INSPECTOR',
    "label" TEXT NOT NULL,
    "level" "AutomationLevel" NOT NULL,
    "suggestion_shown" BOOLEAN NOT NULL DEFAULT false,
    "time_to_decide_ms" INTEGER,
    "decided_at" TIMESTAMPTZ(3) NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "verdicts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "adjudications" (
    "id" UUID NOT NULL,
    "capture_id" UUID NOT NULL,
    "truth" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "adjudicator_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "adjudications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "station_automation" (
    "station_id" UUID NOT NULL,
    "level" "AutomationLevel" NOT NULL DEFAULT 'HUMAN_ONLY',
    "active_model_id" UUID,
    "candidate_model_id" UUID,
    "ok_threshold" DOUBLE PRECISION NOT NULL DEFAULT 0.05,
    "defect_threshold" DOUBLE PRECISION NOT NULL DEFAULT 0.95,
    "audit_share" DOUBLE PRECISION NOT NULL DEFAULT 0.05,
    "canary_share" DOUBLE PRECISION NOT NULL DEFAULT 1,
    "canary_from_level" "AutomationLevel",
    "gate_overrides" JSONB NOT NULL DEFAULT '{}',
    "era_started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "station_automation_pkey" PRIMARY KEY ("station_id")
);

-- CreateTable
CREATE TABLE "automation_eras" (
    "id" UUID NOT NULL,
    "station_id" UUID NOT NULL,
    "level" "AutomationLevel" NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3),

    CONSTRAINT "automation_eras_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "promotion_requests" (
    "id" UUID NOT NULL,
    "station_id" UUID NOT NULL,
    "from_level" "AutomationLevel" NOT NULL,
    "to_level" "AutomationLevel" NOT NULL,
    "status" "PromotionStatus" NOT NULL DEFAULT 'PENDING',
    "reason" TEXT NOT NULL,
    "canary_steps" JSONB NOT NULL DEFAULT '[]',
    "evidence" JSONB NOT NULL DEFAULT '{}',
    "requested_by_id" TEXT NOT NULL,
    "decided_by_id" TEXT,
    "decision_reason" TEXT,
    "override_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decided_at" TIMESTAMPTZ(3),

    CONSTRAINT "promotion_requests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_events" (
    "id" BIGSERIAL NOT NULL,
    "station_id" UUID,
    "actor_kind" "ActorKind" NOT NULL,
    "actor_id" TEXT,
    "action" TEXT NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',
    "from_level" "AutomationLevel",
    "to_level" "AutomationLevel",
    "evidence" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE UNIQUE INDEX "sessions_token_key" ON "sessions"("token");

-- CreateIndex
CREATE INDEX "sessions_user_id_idx" ON "sessions"("user_id");

-- CreateIndex
CREATE INDEX "accounts_user_id_idx" ON "accounts"("user_id");

-- CreateIndex
CREATE INDEX "verifications_identifier_idx" ON "verifications"("identifier");

-- CreateIndex
CREATE UNIQUE INDEX "stations_slug_key" ON "stations"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "defect_classes_station_id_key_key" ON "defect_classes"("station_id", "key");

-- CreateIndex
CREATE INDEX "captures_station_id_captured_at_idx" ON "captures"("station_id", "captured_at");

-- CreateIndex
CREATE INDEX "captures_station_id_decided_at_received_at_idx" ON "captures"("station_id", "decided_at", "received_at");

-- CreateIndex
CREATE INDEX "captures_content_hash_idx" ON "captures"("content_hash");

-- CreateIndex
CREATE UNIQUE INDEX "captures_station_id_external_id_key" ON "captures"("station_id", "external_id");

-- CreateIndex
CREATE UNIQUE INDEX "model_versions_version_key" ON "model_versions"("version");

-- CreateIndex
CREATE UNIQUE INDEX "predictions_idempotency_key_key" ON "predictions"("idempotency_key");

-- CreateIndex
CREATE INDEX "predictions_station_id_created_at_idx" ON "predictions"("station_id", "created_at");

-- CreateIndex
CREATE INDEX "predictions_model_version_id_created_at_idx" ON "predictions"("model_version_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "predictions_capture_id_model_version_id_key" ON "predictions"("capture_id", "model_version_id");

-- CreateIndex
CREATE UNIQUE INDEX "verdicts_idempotency_key_key" ON "verdicts"("idempotency_key");

-- CreateIndex
CREATE INDEX "verdicts_station_id_decided_at_idx" ON "verdicts"("station_id", "decided_at");

-- CreateIndex
CREATE INDEX "verdicts_inspector_id_decided_at_idx" ON "verdicts"("inspector_id", "decided_at");

-- CreateIndex
CREATE UNIQUE INDEX "verdicts_capture_id_inspector_id_key" ON "verdicts"("capture_id", "inspector_id");

-- CreateIndex
CREATE UNIQUE INDEX "adjudications_capture_id_key" ON "adjudications"("capture_id");

-- CreateIndex
CREATE INDEX "automation_eras_station_id_started_at_idx" ON "automation_eras"("station_id", "started_at");

-- CreateIndex
CREATE INDEX "promotion_requests_station_id_status_idx" ON "promotion_requests"("station_id", "status");

-- CreateIndex
CREATE INDEX "audit_events_station_id_created_at_idx" ON "audit_events"("station_id", "created_at");

-- CreateIndex
CREATE INDEX "audit_events_created_at_idx" ON "audit_events"("created_at");

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "defect_classes" ADD CONSTRAINT "defect_classes_station_id_fkey" FOREIGN KEY ("station_id") REFERENCES "stations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "captures" ADD CONSTRAINT "captures_station_id_fkey" FOREIGN KEY ("station_id") REFERENCES "stations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "captures" ADD CONSTRAINT "captures_lease_user_id_fkey" FOREIGN KEY ("lease_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "predictions" ADD CONSTRAINT "predictions_capture_id_fkey" FOREIGN KEY ("capture_id") REFERENCES "captures"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "predictions" ADD CONSTRAINT "predictions_model_version_id_fkey" FOREIGN KEY ("model_version_id") REFERENCES "model_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "verdicts" ADD CONSTRAINT "verdicts_capture_id_fkey" FOREIGN KEY ("capture_id") REFERENCES "captures"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "verdicts" ADD CONSTRAINT "verdicts_station_id_fkey" FOREIGN KEY ("station_id") REFERENCES "stations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "verdicts" ADD CONSTRAINT "verdicts_inspector_id_fkey" FOREIGN KEY ("inspector_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "adjudications" ADD CONSTRAINT "adjudications_capture_id_fkey" FOREIGN KEY ("capture_id") REFERENCES "captures"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "adjudications" ADD CONSTRAINT "adjudications_adjudicator_id_fkey" FOREIGN KEY ("adjudicator_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "station_automation" ADD CONSTRAINT "station_automation_station_id_fkey" FOREIGN KEY ("station_id") REFERENCES "stations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "station_automation" ADD CONSTRAINT "station_automation_active_model_id_fkey" FOREIGN KEY ("active_model_id") REFERENCES "model_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "station_automation" ADD CONSTRAINT "station_automation_candidate_model_id_fkey" FOREIGN KEY ("candidate_model_id") REFERENCES "model_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "automation_eras" ADD CONSTRAINT "automation_eras_station_id_fkey" FOREIGN KEY ("station_id") REFERENCES "stations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "promotion_requests" ADD CONSTRAINT "promotion_requests_station_id_fkey" FOREIGN KEY ("station_id") REFERENCES "stations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "promotion_requests" ADD CONSTRAINT "promotion_requests_requested_by_id_fkey" FOREIGN KEY ("requested_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "promotion_requests" ADD CONSTRAINT "promotion_requests_decided_by_id_fkey" FOREIGN KEY ("decided_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_station_id_fkey" FOREIGN KEY ("station_id") REFERENCES "stations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- The audit trail is append-only: the database itself refuses to change history.
CREATE FUNCTION "audit_events_refuse_change"() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "audit_events_append_only"
    BEFORE UPDATE OR DELETE ON "audit_events"
    FOR EACH ROW EXECUTE FUNCTION "audit_events_refuse_change"();

CREATE TRIGGER "audit_events_no_truncate"
    BEFORE TRUNCATE ON "audit_events"
    FOR EACH STATEMENT EXECUTE FUNCTION "audit_events_refuse_change"();
