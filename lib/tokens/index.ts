export { createStationToken, listStationTokens, revokeStationToken, stationForToken, hashToken, newTokenSchema, type TokenSummary } from "./tokens.ts";
