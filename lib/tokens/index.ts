// Station tokens: the machine credentials cameras and test rigs send (Bearer ust_...),
// each belonging to one station, its secret shown once and stored hashed.
import "server-only";

export {
  createStationToken,
  listStationTokens,
  revokeStationToken,
  revokeTokenAt,
  stationForToken,
  hashToken,
  newTokenSchema,
  type TokenSummary,
} from "./tokens.ts";
