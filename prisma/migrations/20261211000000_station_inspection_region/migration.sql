-- A station's fixed region of interest: {left, top, width, height} as
-- fractions of the photo, or NULL for the whole photo (lib/model/region.ts).
ALTER TABLE "stations" ADD COLUMN "inspection_region" JSONB;
