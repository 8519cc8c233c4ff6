// What client components may import from automation: the ladder's levels,
// with nothing that reaches the database.
export { LEVELS, LEVEL_LABELS, levelRank, levelAbove, levelBelow, mayDecideAlone } from "./levels.ts";
