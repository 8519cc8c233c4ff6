-- Background work a station is owed after a write (a ladder review after a
-- verdict or an escape, a drift check after a prediction), durable across
-- processes: the request is stored before the write is acknowledged, any app
-- instance claims it (FOR UPDATE SKIP LOCKED, with a lease that expires if
-- the instance dies) and marks done the requests it covered
-- (lib/background/station-work.ts). One row per station and kind: requests
-- arriving meanwhile bump `requested`, so the last one is always served.
CREATE TABLE "station_work" (
    "station_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "requested" BIGINT NOT NULL DEFAULT 1,
    "done" BIGINT NOT NULL DEFAULT 0,
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimed_by" TEXT,
    "claimed_until" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,

    CONSTRAINT "station_work_pkey" PRIMARY KEY ("station_id", "kind")
);

ALTER TABLE "station_work" ADD CONSTRAINT "station_work_station_id_fkey" FOREIGN KEY ("station_id") REFERENCES "stations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
