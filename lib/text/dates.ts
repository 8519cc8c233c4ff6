/**
 * One way to write a moment everywhere a person reads one: ISO order
 * (2026-12-01 19:46), always with its time zone, so a date in a table, a
 * chart and an input mean the same thing. The zone is UTC unless given.
 */
export function formatInstant(at: Date, options: { timeZone?: string; seconds?: boolean } = {}): string {
  const timeZone = options.timeZone ?? "UTC";
  const parts = Object.fromEntries(formatterFor(timeZone, options.seconds ?? false).formatToParts(at).map((part) => [part.type, part.value]));
  const time = `${parts.hour}:${parts.minute}${options.seconds ? `:${parts.second}` : ""}`;
  return `${parts.year}-${parts.month}-${parts.day} ${time} ${timeZone}`;
}

/**
 * Making an Intl.DateTimeFormat costs milliseconds (the first one of a zone
 * far more), too much for the inspector's page on every verdict: one per
 * zone and precision, made once.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string, seconds: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${seconds}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      ...(seconds ? { second: "2-digit" } : {}),
      hourCycle: "h23",
    });
    formatters.set(key, formatter);
  }
  return formatter;
}

/** The day of a moment, ISO (2026-12-01), in UTC unless a zone is given. */
export function formatDay(at: Date, timeZone = "UTC"): string {
  return formatInstant(at, { timeZone }).slice(0, 10);
}

/** The time of day of a moment to the second, with its zone (19:46:07 UTC): for what happened moments ago. */
export function formatTime(at: Date, timeZone = "UTC"): string {
  return formatInstant(at, { timeZone, seconds: true }).slice(11);
}
