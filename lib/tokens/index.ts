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
