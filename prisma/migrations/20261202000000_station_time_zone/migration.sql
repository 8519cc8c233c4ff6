-- The time zone a station's people live by: moments shown for the station are
-- written in it (lib/text/dates.ts). The app checks the name against the IANA
-- zones it knows (lib/stations/time-zone.ts); UTC until an admin sets one.
ALTER TABLE "stations" ADD COLUMN "time_zone" TEXT NOT NULL DEFAULT 'UTC';
