-- Four eyes: a promotion is approved by a manager other than the one who asked
-- for it, unless an admin allowed single-person approval at the station.
ALTER TABLE "station_automation" ADD COLUMN "single_person_approval" BOOLEAN NOT NULL DEFAULT false;
