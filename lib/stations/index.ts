// Stations and their configurable defect taxonomy: the one definition of which
// labels a verdict may carry at each station.
import "server-only";

export {
  OK_LABEL,
  DEFAULT_DEFECT_CLASSES,
  DEFECT_KEY_PATTERN,
  labelsOf,
  defectClassesFromLabels,
  classesNotCovered,
  coverageProblem,
  type DefectClassSpec,
} from "./taxonomy.ts";
export { stationForInspection, type StationForInspection } from "./station-for-inspection.ts";
export { changeDefectClass, taxonomyChangeSchema, type TaxonomyChange, type TaxonomyChangeResult } from "./taxonomy-changes.ts";
export { createStation, listStations, newStationSchema, type NewStation, type StationSummary } from "./stations.ts";
export { MAY_SET_REGION, regionSetting, setInspectionRegion, type RegionResult } from "./region.ts";
export { MAY_SET_TIME_ZONE, setStationTimeZone, timeZoneSchema, type TimeZoneResult } from "./time-zone.ts";
