-- A station's defect classes change after it is created (lib/stations/taxonomy-changes.ts):
-- a retired class stays, so the verdicts that carry it keep their meaning, but
-- new verdicts, imports and adjudications cannot use it.
ALTER TABLE "defect_classes" ADD COLUMN "retired_at" TIMESTAMPTZ(3);
