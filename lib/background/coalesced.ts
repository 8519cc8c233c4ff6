// Work that runs after a request was answered, never delaying it: at most one
// run per key at a time in this process, and requests arriving meanwhile ask
// for one more run after it, so the newest state is always the last one seen.

interface Pending {
  again: boolean;
  done: Promise<void>;
}

/** A runner of coalesced background work per key; `describe` names a failure in the log. */
export function coalescedRunner(describe: (key: string) => string) {
  const runs = new Map<string, Pending>();
  return {
    /** Runs `work` for the key now, or once more after the run in progress. */
    run(key: string, work: () => Promise<void>): Promise<void> {
      const pending = runs.get(key);
      if (pending) {
        pending.again = true;
        return pending.done;
      }
      const entry: Pending = { again: false, done: Promise.resolve() };
      entry.done = (async () => {
        try {
          do {
            entry.again = false;
            await work();
          } while (entry.again);
        } catch (error) {
          console.error(`${describe(key)} failed`, error);
        } finally {
          runs.delete(key);
        }
      })();
      runs.set(key, entry);
      return entry.done;
    },
    /** The key's run in progress, if any, settled. */
    settled(key: string): Promise<void> {
      return runs.get(key)?.done ?? Promise.resolve();
    },
  };
}
