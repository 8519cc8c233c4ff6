/**
 * One way to write a moment everywhere a person reads one: ISO order
 * (2026-12-01 19:46), always with its time zone, so a date in a table, a
 * chart and an input mean the same thing. The zone is UTC unless given.
 */
export function formatInstant(at: Date, options: { timeZone?: string; seconds?: boolean } = {}): string {
  const timeZone = options.timeZone ?? "UTC";
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      ...(options.seconds ? { second: "2-digit" } : {}),
      hourCycle: "h23",
    })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  const time = `${parts.hour}:${parts.minute}${options.seconds ? `:${parts.second}` : ""}`;
  return `${parts.year}-${parts.month}-${parts.day} ${time} ${timeZone}`;
}

/** The day of a moment, ISO (2026-12-01), in UTC unless a zone is given. */
export function formatDay(at: Date, timeZone = "UTC"): string {
  return formatInstant(at, { timeZone }).slice(0, 10);
}

/** The time of day of a moment to the second, with its zone (19:46:07 UTC): for what happened moments ago. */
export function formatTime(at: Date, timeZone = "UTC"): string {
  return formatInstant(at, { timeZone, seconds: true }).slice(11);
}
