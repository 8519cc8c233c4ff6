// The times people and machines give the app: a reported moment within a day of the server's clock, a filter's day clamped to what the app can hold.
export { EARLIEST_DAY, clampDay, filterDay, isWithinADay, pastMoment, reportedMoment } from "./plausible.ts";
