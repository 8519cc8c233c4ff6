// Work a station is owed after a write (a ladder review, a drift check),
// stored in PostgreSQL and run by whichever app instance claims it. Importing
// this door registers what each kind of work does (work-handlers.ts).
import "server-only";

import "./work-handlers.ts";

export {
  claimWork,
  completeWork,
  drainWork,
  requestWork,
  requestWorkSoon,
  runClaim,
  startWorkSweeper,
  workDrained,
  workSettled,
  WORK_LEASE_MS,
  WORKER_ID,
  type Claim,
  type WorkKind,
} from "./station-work.ts";
