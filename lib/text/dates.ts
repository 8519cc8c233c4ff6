/**
 * One way to write a moment everywhere a person reads one: ISO order
 * (2026-12-01 19:46), always with its time zone, so a date in a table, a
 * chart and an input mean the same thing. The zone is UTC unless given.
 */
export function formatInstant(at: Date, options: { timeZone?: string; seconds?: boolean } = {}): string {
  const timeZone = options.timeZone ?? "UTC";
  const parts = Object.fromEntries(
    formatterFor(timeZone, options.seconds ?? false)
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
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

/**
 * The IANA name of a time zone as this runtime spells it (asia/shanghai is
 * Asia/Shanghai, utc is UTC), or null where it knows no such zone.
 */
export function canonicalTimeZone(name: string): string | null {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(name)) return null;
  try {
    return new Intl.DateTimeFormat("en-GB", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** Every time zone a station may live by: UTC first, then the runtime's IANA zones. */
export function knownTimeZones(): string[] {
  return ["UTC", ...Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC")];
}

/**
 * The moment a wall-clock time ("2026-12-01 08:30", as formatInstant writes
 * it, without the zone) names in `timeZone`, or null where the text is no such
 * time. A wall time skipped by a daylight-saving jump resolves past the jump;
 * one that happens twice, to its first occurrence.
 */
export function instantOf(wallTime: string, timeZone = "UTC"): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/.exec(wallTime.trim());
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(asUtc);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59) return null;
  // The zone's offset at a moment, in ms: its wall clock there minus UTC's.
  const offsetAt = (at: number) => {
    const wall = formatInstant(new Date(at), { timeZone });
    const [d, t] = wall.split(" ") as [string, string];
    return Date.parse(`${d}T${t}:00Z`) - Math.floor(at / 60_000) * 60_000;
  };
  // The zone's offsets a day either side: the same but across a daylight-saving change.
  const before = asUtc - offsetAt(asUtc - 86_400_000);
  const after = asUtc - offsetAt(asUtc + 86_400_000);
  const wall = `${match[1]}-${match[2]}-${match[3]} ${match[4]}:${match[5]}`;
  const found = [Math.min(before, after), Math.max(before, after)].find((at) => formatInstant(new Date(at), { timeZone }).startsWith(wall));
  // In a jump forward the wall time never happens: the clock read it as the old offset would.
  return new Date(found ?? before);
}
