// How long `npm start`'s supervisor waits before restarting a crashed child:
// at once-ish for a rare crash, doubling while crashes keep coming, so a
// child that cannot start does not spin the machine.

export const FIRST_RESTART_DELAY_MS = 1_000;
export const MAX_RESTART_DELAY_MS = 30_000;
/** Crashes further apart than this count as unrelated. */
export const CRASH_MEMORY_MS = 60_000;

/** The delay before the next restart, given the times of the crashes so far (the newest last). */
export function restartDelay(crashes: readonly number[], now: number): number {
  const recent = crashes.filter((at) => now - at < CRASH_MEMORY_MS).length;
  return Math.min(MAX_RESTART_DELAY_MS, FIRST_RESTART_DELAY_MS * 2 ** Math.max(0, recent - 1));
}
